import { randomBytes } from "node:crypto";
import { afterEach } from "node:test";
import { Api } from "tls-sig-api-v2";
import { LiveClient, type LiveClientOptions, type WebSocketConstructor } from "@openlive/sdk";

/** The real server tests/web/run.mjs started (loopback, temp data dir, the dev app). */
export interface RealServer {
  readonly url: string;
  readonly sdkAppId: number;
  readonly key: string;
}

/** The server from run.mjs's environment. */
export function realServer(): RealServer {
  const { OPENLIVE_TEST_URL: url, OPENLIVE_TEST_APP_ID: appId, OPENLIVE_TEST_KEY: key } = process.env;
  if (url === undefined || appId === undefined || key === undefined) {
    throw new Error("no test server: run the integration tests with tests/web/run.sh (it starts the server and sets OPENLIVE_TEST_URL)");
  }

  return { url, sdkAppId: Number(appId), key };
}

/** A userSig from Tencent's own library, issued `issuedSecondsAgo` before now. */
export function userSig(userId: string, options: { expireSeconds?: number; issuedSecondsAgo?: number; appId?: number; key?: string } = {}): string {
  const server = realServer();
  const api = new Api(options.appId ?? server.sdkAppId, options.key ?? server.key);
  const realNow = Date.now;
  if (options.issuedSecondsAgo !== undefined) {
    const issuedAt = realNow() - options.issuedSecondsAgo * 1000;
    Date.now = () => issuedAt;
  }

  try {
    return api.genUserSig(userId, options.expireSeconds ?? 86_400);
  } finally {
    Date.now = realNow;
  }
}

/** A user id no other test uses. */
export function uniqueUser(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** A numeric room id no other test uses. */
export function uniqueRoom(): number {
  return 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
}

/** The host's WebSocket (Node 20: run.mjs sets --experimental-websocket). */
export function hostWebSocket(): WebSocketConstructor {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof candidate !== "function") {
    throw new Error("no global WebSocket: run node with --experimental-websocket (Node 20) or Node 22+");
  }

  return candidate as WebSocketConstructor;
}

const clients: LiveClient[] = [];

// Every client a test made leaves its room and logs out afterwards, whatever the test did.
afterEach(async () => {
  for (const client of clients.splice(0)) {
    try {
      await client.currentRoom?.quit();
    } catch {
      // Already out.
    }

    try {
      await client.stop();
    } catch {
      // Already stopped or disconnected.
    }
  }
});

/** A client on the real server (cleaned up after the test). */
export function newClient(options: Partial<LiveClientOptions> = {}): LiveClient {
  const server = realServer();
  const client = new LiveClient({ serverUrl: server.url, sdkAppId: server.sdkAppId, WebSocket: hostWebSocket(), ...options });
  clients.push(client);
  return client;
}

/** A client logged in as a fresh user (or `userId`). */
export async function loggedIn(userIdOrPrefix: string, options: Partial<LiveClientOptions> & { exactId?: boolean } = {}): Promise<LiveClient> {
  const { exactId, ...clientOptions } = options;
  const userId = exactId === true ? userIdOrPrefix : uniqueUser(userIdOrPrefix);
  const client = newClient(clientOptions);
  await client.login(userId, userSig(userId));
  return client;
}
