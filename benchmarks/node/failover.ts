// The cluster's failover and placement figures (benchmarks/failover.sh; docs/benchmarks.md#cluster-failover):
// three nodes in their own network namespaces with Redis and PostgreSQL (the cluster-failover test's ClusterFixture).
//
// Placement: ROOMS rooms of MEMBERS members are created through nodes picked at random (browser SDK clients in the
// clients' namespace); members per node, by the node each room was placed on.
//
// Failover: a live show — 1 host, 1 co-host and VIEWERS viewers of the .NET SDK with media (`openlive load`) — and
// KILLS times: SIGKILL of the node hosting its room, then per member the time until it decodes both publishers' cameras
// again (two new frames of each, counted from the detection on), split into
//   detection    kill -> the first surviving node learns the node is dead (GET /admin/v1/cluster: status Dead, since)
//   re-placement -> the room is active on a surviving node (the room's nodeSince)
//   reconnection -> the member decodes again (its `openlive load` frames line; members report every 100 ms)
// after which the killed node is started again and the next round waits until every member plays.
//   node failover.mjs [--kills 10] [--viewers 10] [--rooms 100] [--members 5] --out FILE.md   (root; OPENLIVE_SERVER_DLL)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ClusterFixture, nodeUrl } from "../../tests/web/media/support/clusterFixture.js";
import { ClusterNetwork, type ClusterNode } from "../../tests/web/media/support/clusterNetns.js";
import { mediaBack, startShow, type LiveShow } from "../../tests/web/media/support/liveShow.js";
import { until } from "../../tests/web/media/support/poll.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const kills = option("kills", 10);
const viewers = option("viewers", 10);
const roomCount = option("rooms", 100);
const membersPerRoom = option("members", 5);
const out = args[args.indexOf("--out") + 1] ?? "failover.md";

const log = (message: string): void => {
  process.stderr.write(`failover: ${message}\n`);
};

/** The value at quantile q (nearest rank) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const ms = (value: number): string => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : "–");

interface ClusterNodeView {
  readonly node: string;
  readonly address: string;
  readonly status: string;
  readonly since: string;
}

// ---- placement ---------------------------------------------------------------------------------------------------

async function placement(cluster: ClusterFixture): Promise<string[]> {
  const { sdkAppId, key } = cluster.devApp();
  const [exec, ...prefix] = cluster.namespaces.exec("k");
  const settings = { urls: ClusterNetwork.nodes.map(nodeUrl), rooms: roomCount, members: membersPerRoom, sdkAppId, prefix: `pl${randomBytes(2).toString("hex")}`, parallel: 4 };
  const child = spawn(exec ?? "ip", [...prefix, "setpriv", "--pdeathsig", "KILL", process.execPath, "--experimental-websocket", join(import.meta.dirname, "placement-rooms.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, PLACEMENT: JSON.stringify(settings), OPENLIVE_APP_KEY: key },
  });
  const started = Date.now();
  const ready = await new Promise<{ rooms: number[]; failures: number }>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined) {
        resolve(JSON.parse(line) as { rooms: number[]; failures: number });
      }
    });
    child.once("exit", (code) => reject(new Error(`the placement clients exited (${code}) before they were ready`)));
  });
  const seconds = (Date.now() - started) / 1000;
  try {
    const answer = await cluster.admin(ClusterNetwork.nodes[0], `/apps/${sdkAppId}/rooms`);
    const rooms = (answer.body as Array<{ roomId: string; node: string; members: unknown[] }>).filter((room) => ready.rooms.includes(Number(room.roomId)));
    const ids = await Promise.all(ClusterNetwork.nodes.map((node) => cluster.nodeId(node)));
    const total = rooms.reduce((sum, room) => sum + room.members.length, 0);
    const fair = total / ids.length;
    const rows = ClusterNetwork.nodes.map((node, i) => {
      const placed = rooms.filter((room) => room.node === ids[i]);
      const members = placed.reduce((sum, room) => sum + room.members.length, 0);
      return `| ${node.role} | ${placed.length} | ${members} | ${(((members - fair) / fair) * 100).toFixed(1)} % |`;
    });
    log(`placement: ${rooms.length} rooms (${ready.failures} failed) in ${seconds.toFixed(1)} s`);
    return [
      `### Placement: ${rooms.length} rooms of ${membersPerRoom} members created through nodes picked at random`,
      "",
      `${rooms.length} rooms (${ready.failures} creations failed), ${total} members, created 4 at a time in ${seconds.toFixed(1)} s; an even share is ${fair.toFixed(1)} members per node.`,
      "",
      "| node | rooms | members | from an even share |",
      "|---|---|---|---|",
      ...rows,
      "",
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

// ---- failover ----------------------------------------------------------------------------------------------------

interface Round {
  readonly node: string;
  readonly detection: number;
  readonly replacement: number;
  readonly reconnection: number[];
  readonly total: number[];
}

async function killRound(cluster: ClusterFixture, show: LiveShow): Promise<Round> {
  const { hosting: victim } = await show.roomNode();
  const survivors = ClusterNetwork.nodes.filter((node) => node !== victim);
  const killedAt = Date.now();
  cluster.kill(victim);
  // Detection: the first survivor to declare the victim dead (each answers with when it learned it).
  const deadSince = async (node: ClusterNode): Promise<number | undefined> => {
    const nodes = ((await cluster.admin(node, "/cluster")).body as { nodes?: ClusterNodeView[] }).nodes ?? [];
    const dead = nodes.find((entry) => entry.address.includes(`${victim.address}:`) && entry.status === "Dead" && Date.parse(entry.since) >= killedAt);
    return dead === undefined ? undefined : Date.parse(dead.since);
  };
  const seen = await until(`node ${victim.role} declared dead by both survivors`, () => Promise.all(survivors.map(deadSince)),
    (times) => times.every((time) => time !== undefined), 30_000, 100);
  const detectedAt = Math.min(...seen.map((time) => time ?? Number.POSITIVE_INFINITY));
  // Media back: two new frames from each publisher after the detection (by then the victim's frames have drained,
  // and none can come back before the room is placed again).
  const backAt = await mediaBack(show, detectedAt, 2, 60_000);
  const room = await until("the room on a surviving node", () => show.view(survivors[0] ?? victim), (view) => Date.parse(view.nodeSince ?? "") >= killedAt, 30_000, 200);
  const placedAt = Date.parse(room.nodeSince ?? "");
  const round: Round = {
    node: victim.role,
    detection: detectedAt - killedAt,
    replacement: placedAt - detectedAt,
    reconnection: [...backAt.values()].map((t) => t - placedAt),
    total: [...backAt.values()].map((t) => t - killedAt),
  };
  log(`killed ${victim.role}: detection ${round.detection} ms, re-placement ${round.replacement} ms, media back ${Math.min(...round.total)}–${Math.max(...round.total)} ms`);
  cluster.startNode(victim);
  await cluster.ready();
  await mediaBack(show, Date.now(), 15, 60_000); // everyone plays before the next kill
  return round;
}

function failoverTable(rounds: readonly Round[]): string[] {
  const sorted = (values: number[]): number[] => [...values].sort((x, y) => x - y);
  const row = (name: string, values: number[]): string => {
    const s = sorted(values);
    return `| ${name} | ${s.length} | ${ms(quantile(s, 0.5))} | ${ms(quantile(s, 0.95))} | ${ms(s.at(-1) ?? Number.NaN)} |`;
  };
  return [
    `### Failover: kill -9 of the room's node, ${rounds.length} times (1 host, 1 co-host, ${viewers} viewers)`,
    "",
    "| part | samples | p50 | p95 | max |",
    "|---|---|---|---|---|",
    row("detection (kill → a survivor declares the node dead)", rounds.map((r) => r.detection)),
    row("re-placement (→ the room active on a survivor)", rounds.map((r) => r.replacement)),
    row("reconnection (→ the member decodes both cameras again)", rounds.flatMap((r) => r.reconnection)),
    row("**media back (kill → decoding again), per member**", rounds.flatMap((r) => r.total)),
    "",
    `Per kill (node; detection, re-placement, slowest member): ${rounds.map((r) => `${r.node} ${ms(r.detection)}/${ms(r.replacement)}/${ms(Math.max(...r.total))}`).join("; ")}.`,
    "",
  ];
}

const cluster = await ClusterFixture.start();
let show: LiveShow | undefined;
try {
  await cluster.ready();
  log("cluster ready");
  const lines = [...await placement(cluster)];
  show = await startShow(cluster, { prefix: `fb${randomBytes(2).toString("hex")}`, viewers, chatInterval: "1s", reportInterval: "100ms" });
  log("show playing");
  const rounds: Round[] = [];
  for (let i = 0; i < kills; i++) {
    rounds.push(await killRound(cluster, show));
  }

  const ended = show.running.of("state").filter((line) => line.state === "RoomEnded").length;
  lines.push(...failoverTable(rounds), `Members who saw the room end: ${ended}.`, "");
  writeFileSync(out, lines.join("\n"));
  process.stdout.write(lines.join("\n"));
} catch (error) {
  log(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n${show?.running.diagnostics() ?? ""}\n${cluster.diagnostics().slice(-20_000)}`);
  process.exitCode = 1;
} finally {
  show?.running.kill();
  cluster.destroy();
}
process.exit();
