// A dead media path under live signaling, and how fast the .NET SDK brings media back (benchmarks/media-restart.sh;
// docs/benchmarks.md#a-dead-media-path). The server in namespace A, a host and VIEWERS viewers of the .NET SDK
// (`openlive load`, frames reported every 100 ms) in namespace B. ROUNDS times: nftables in A drops every UDP datagram
// from the ports B's media sockets use at that moment (a NAT that forgot its mappings; signaling goes on), then per
// member:
//   restarted   cut -> its media is connected again (its `media` line: path found dead, RestartMedia, published again)
//   media back  cut -> (viewers) two more frames of the host's camera arrive after that
// The baseline, from the same run: each viewer's join -> first frames of the host's camera (a cold start), so the
// table says what a restart costs against entering the room afresh.
//   node media-restart.mjs [--rounds 10] [--viewers 5] --out FILE.md   (root; OPENLIVE_SERVER_DLL)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoadProcess, requestInNamespace, type LoadLine } from "../../tests/web/media/support/loadProcess.js";
import { cutMediaPorts, mediaPortsInB } from "../../tests/web/media/support/mediaCut.js";
import { LinkedNamespaces } from "../../tests/web/media/support/netns.js";
import { until } from "../../tests/web/media/support/poll.js";
import { ReachServer } from "../../tests/web/media/support/reachServer.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const rounds = option("rounds", 10);
const viewerCount = option("viewers", 5);
const out = args[args.indexOf("--out") + 1] ?? "media-restart.md";
const serverUrl = `http://${LinkedNamespaces.addressA}:7880`;

const log = (message: string): void => {
  process.stderr.write(`media-restart: ${message}\n`);
};

/** The value at quantile q (nearest rank) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const seconds = (value: number): string => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : "–");

function row(name: string, samples: readonly number[]): { name: string; p50: number; p95: number; max: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

/** The host's camera frames a viewer has counted by `line` (cumulative across its connections). */
const hostFrames = (line: LoadLine | undefined, host: string): number =>
  (line?.tracks ?? []).find((track) => track.from === host && track.source === "camera")?.frames ?? 0;

async function main(): Promise<void> {
  LinkedNamespaces.removeStale();
  const namespaces = LinkedNamespaces.create();
  const dataDir = mkdtempSync(join(tmpdir(), "openlive-bench-restart-"));
  let server: ReachServer | undefined;
  let load: LoadProcess | undefined;
  try {
    server = ReachServer.start(namespaces, namespaces.a, dataDir, serverUrl, ["--media-port", "0", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`]);
    await until("the server answering from B", async () => (await requestInNamespace(namespaces, namespaces.b, `${serverUrl}/healthz`)).status, (status) => status === 200, 90_000, 500);
    const dev = server.devApp();
    const prefix = `mb${randomBytes(2).toString("hex")}`;
    const host = `${prefix}_host`;
    const viewers = Array.from({ length: viewerCount }, (_, i) => `${prefix}_viewer${i + 1}`);
    load = LoadProcess.start(namespaces, namespaces.b, {
      room: 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0,
      members: [`host@${serverUrl}`, `viewer*${viewerCount}@${serverUrl}`],
      appId: dev.sdkAppId,
      key: dev.key,
      userPrefix: prefix,
      mediaAddress: LinkedNamespaces.addressB,
      reportInterval: "100ms",
    });
    const running = load;
    const latest = (viewer: string) => running.of("frames", viewer).at(-1);
    await until("every viewer decoding the host", () => viewers.map((viewer) => hostFrames(latest(viewer), host)), (counts) => counts.every((count) => count >= 30), 120_000);

    const joins = viewers.map((viewer) => {
      const joined = running.of("member", viewer)[0]?.t ?? Number.NaN;
      const first = running.of("frames", viewer).find((line) => hostFrames(line, host) > 0)?.t ?? Number.NaN;
      return first - joined;
    });
    const restarted: number[] = [];
    const back: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const before = new Map(viewers.map((viewer) => [viewer, hostFrames(latest(viewer), host)]));
      const ports = mediaPortsInB(namespaces);
      cutMediaPorts(namespaces, ports);
      const cutAt = Date.now();
      const members = [host, ...viewers];
      const media = await until(`round ${round}: every member's media connected again`,
        () => members.map((member) => running.of("media", member).find((line) => line.t >= cutAt)),
        (lines) => lines.every((line) => line !== undefined), 60_000);
      const resumed = await until(`round ${round}: every viewer decoding the host again`,
        () => viewers.map((viewer, i) => running.of("frames", viewer).find((line) => line.t >= (media[i + 1]?.t ?? Infinity) && hostFrames(line, host) >= (before.get(viewer) ?? 0) + 2)),
        (lines) => lines.every((line) => line !== undefined), 60_000);
      media.forEach((line) => restarted.push((line?.t ?? Number.NaN) - cutAt));
      resumed.forEach((line) => back.push((line?.t ?? Number.NaN) - cutAt));
      log(`round ${round}: ${ports.length} ports cut; restarted ${media.map((line) => seconds((line?.t ?? Number.NaN) - cutAt)).join(" ")}; `
        + `back ${resumed.map((line) => seconds((line?.t ?? Number.NaN) - cutAt)).join(" ")}`);
      // The next cut comes once everyone has played a while on the new connections.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }

    const table = [row("restarted (cut → media connected again; all members)", restarted), row("media back (cut → host's camera decoded again; viewers)", back),
      row("baseline: join → first frames (viewers, same run)", joins)];
    const ratio = (table[1]?.p50 ?? Number.NaN) / (table[2]?.p50 ?? Number.NaN);
    const lines = [
      `${rounds} cuts, 1 host + ${viewerCount} viewers (.NET SDK, DeadMediaTimeout 2 s)`,
      "",
      "| part | p50 | p95 | max | samples |",
      "|---|---:|---:|---:|---:|",
      ...table.map((r) => `| ${r.name} | ${seconds(r.p50)} | ${seconds(r.p95)} | ${seconds(r.max)} | ${r.count} |`),
      "",
      `media back p50 / cold-start p50: ${ratio.toFixed(2)}`,
    ];
    writeFileSync(out, `${lines.join("\n")}\n`);
    process.stdout.write(`${lines.join("\n")}\n`);
    if (running.of("state").length > 0) {
      log(`state lines (signaling should never have dropped): ${JSON.stringify(running.of("state"))}`);
    }

    await running.stop();
  } finally {
    load?.kill();
    server?.kill();
    namespaces.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
