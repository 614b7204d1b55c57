// The placement benchmark's clients (run by benchmarks/node/failover.ts inside the clients' network namespace): creates
// ROOMS rooms of MEMBERS members each through the browser SDK in Node, every login on a node picked at random, then
// prints one JSON line {"event":"ready","rooms":[…],"failures":N} and holds the rooms until SIGTERM.
//   env: PLACEMENT = JSON {urls, rooms, members, sdkAppId, prefix, parallel}; OPENLIVE_APP_KEY = the app's key
import { randomInt } from "node:crypto";
import { Api } from "tls-sig-api-v2";
import { LiveClient, LiveRoomOptions, type WebSocketConstructor } from "@openlive/sdk";

interface PlacementSettings {
  readonly urls: readonly string[];
  readonly rooms: number;
  readonly members: number;
  readonly sdkAppId: number;
  readonly prefix: string;
  readonly parallel: number;
}

const settings = JSON.parse(process.env["PLACEMENT"] ?? "{}") as PlacementSettings;
const api = new Api(settings.sdkAppId, process.env["OPENLIVE_APP_KEY"] ?? "");
const webSocket = (globalThis as { WebSocket?: unknown }).WebSocket as WebSocketConstructor;
const clients: LiveClient[] = [];
const rooms: number[] = [];
let failures = 0;

async function login(userId: string): Promise<LiveClient> {
  const serverUrl = settings.urls[randomInt(settings.urls.length)] ?? "";
  const client = new LiveClient({ serverUrl, sdkAppId: settings.sdkAppId, WebSocket: webSocket, autoReconnect: false });
  clients.push(client);
  await client.login(userId, api.genUserSig(userId, 3600));
  return client;
}

async function room(index: number): Promise<void> {
  const roomId = 100_000 + index;
  try {
    const owner = await login(`${settings.prefix}_o${index}`);
    await owner.createRoom(roomId, LiveRoomOptions.host());
    for (let m = 1; m < settings.members; m++) {
      const member = await login(`${settings.prefix}_m${index}_${m}`);
      await member.joinRoom(roomId, LiveRoomOptions.audience());
    }

    rooms.push(roomId);
  } catch (error) {
    failures++;
    process.stderr.write(`room ${roomId}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

let next = 0;
await Promise.all(Array.from({ length: settings.parallel }, async () => {
  while (next < settings.rooms) {
    await room(next++);
  }
}));
process.stdout.write(`${JSON.stringify({ event: "ready", rooms, failures })}\n`);
process.on("SIGTERM", () => {
  void Promise.allSettled(clients.map((client) => client.stop())).then(() => process.exit(0));
});
setInterval(() => undefined, 60_000); // hold the rooms
