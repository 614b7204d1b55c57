import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ChildPeer } from "./support/ChildPeer.js";
import { chromiumPeer, harness } from "./support/chromiumPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { readDevApp } from "./support/devApp.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LoadProcess, requestInNamespace } from "./support/loadProcess.js";
import { cutMediaPorts, droppedByCut, mediaPortsInB } from "./support/mediaCut.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { FailoverSeen, RtcSummary } from "./support/pageApi.js";
import { describe as show, until } from "./support/poll.js";
import { ReachServer } from "./support/reachServer.js";

// A dead media path while signaling lives (issue 16: the SDKs notice a dead media path and reconnect). The server in
// namespace A (10.97.0.1), the clients in B (10.97.0.2): first the .NET SDK (`openlive load`: a host publishing, a
// viewer receiving), then Chromium through the browser SDK. Once the viewer decodes the host, nftables in A starts
// dropping every UDP datagram from and to the ports B's media sockets use at that moment — a NAT that forgot its
// mappings, a network change: the sockets still exist and signaling (TCP) goes on, but nothing gets through them.
// Connections made afterwards use new ports and get through. Each SDK must notice (the .NET SDK's path checks go
// unanswered; the browser SDK sees nothing arrive, though the server sends at least every 0.5 s),
// ask for new media connections (RestartMedia), publish again, and the viewer must decode the host again — without a
// signaling reconnect and in the same media epoch. The time from the cut to frames decoded again is logged. Needs root.

exitAfterTests();
const httpPort = 7880;
// The browser SDK's silence watch (benchmarks/web-media-restart.sh sets 0 for its baseline: the browser's verdict only).
const deadMediaTimeoutMs = process.env["OPENLIVE_DEAD_MEDIA_TIMEOUT_MS"] === undefined ? undefined : Number(process.env["OPENLIVE_DEAD_MEDIA_TIMEOUT_MS"]);
const serverUrl = `http://${LinkedNamespaces.addressA}:${httpPort}`;

/** Runs `body` with the server started in A (dev mode, media on A's address) and answering from B; then cleans up. */
async function withServer(body: (namespaces: LinkedNamespaces, dataDir: string) => Promise<void>, serverOutput: (output: () => string) => void): Promise<void> {
  let server: ReachServer | undefined;
  const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
  const dataDir = mkdtempSync(join(tmpdir(), "openlive-restart-"));
  try {
    // No ICE-TCP: the cut stands for a network change, which ends the client's TCP paths too. With the server's TCP
    // candidates left open, Chromium would move a connection whose UDP pair went quiet onto its TCP pair (about 2.5 s
    // on), racing the SDK's restart — a different recovery from the one this test is about.
    server = ReachServer.start(namespaces, namespaces.a, dataDir, serverUrl, ["--media-port", "0", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`, "--OpenLive:Media:TcpEnabled=false"], { keepChars: 12_000 });
    const started = server;
    serverOutput(() => started.output);
    await until("the server answering /healthz from B", async () => (await requestInNamespace(namespaces, namespaces.b, `${serverUrl}/healthz`)).status,
      (status) => status === 200, 90_000, 500);
    await body(namespaces, dataDir);
  } finally {
    server?.kill();
    namespaces.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe("a dead media path while signaling lives", () => {
  it(".NET SDK (openlive load): the host and the viewer restart their media and the viewer decodes the host again, in the same epoch, signaling untouched", { timeout: 240_000 }, async (t) => {
    let load: LoadProcess | undefined;
    let serverOutput = () => "";
    const logs = () => `${load?.diagnostics() ?? ""}\n\nserver:\n${serverOutput()}`;
    await withFailureArtifacts("media-restart-dotnet", { screenshots: async () => [], logs }, async () => {
      await withServer(async (namespaces, dataDir) => {
        const dev = readDevApp(dataDir);
        const prefix = `mr${randomBytes(3).toString("hex")}`;
        const host = `${prefix}_host`;
        const viewer = `${prefix}_viewer1`;
        load = LoadProcess.start(namespaces, namespaces.b, {
          room: 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0,
          members: [`host@${serverUrl}`, `viewer@${serverUrl}`],
          appId: dev.sdkAppId,
          key: dev.key,
          userPrefix: prefix,
          mediaAddress: LinkedNamespaces.addressB,
        });
        const running = load;
        const frames = () => running.cameraFrames(viewer).get(host) ?? 0;
        await until("the viewer decoding the host's camera", () => frames(), (count) => count >= 30, 90_000);

        const ports = mediaPortsInB(namespaces);
        cutMediaPorts(namespaces, ports);
        const cutAt = Date.now();
        const before = frames();

        const media = await until("both members' media connected again", () => [running.of("media", host).at(-1), running.of("media", viewer).at(-1)],
          (lines) => lines.every((line) => line !== undefined), 60_000);
        const resumed = await until("the viewer decoding the host's camera again", () => running.of("frames", viewer).find((line) =>
          line.t > cutAt && (line.tracks ?? []).some((track) => track.from === host && track.source === "camera" && track.frames >= before + 30)), (line) => line !== undefined, 60_000);
        const dropped = droppedByCut(namespaces);
        t.diagnostic(`cut ports ${ports.join(",")} (${dropped} datagrams dropped); media lines ${show(media)}; `
          + `frames back (+30 after the cut) ${((resumed?.t ?? cutAt) - cutAt) / 1000} s after the cut`);

        assert.ok(dropped > 0, "the cut dropped the old connections' datagrams");
        for (const line of media) {
          assert.equal(line?.["epoch"], 0, `a restart, not a move of the room's media: ${show(line)}`);
        }

        assert.equal(media[0]?.["republished"], true, "the host published again");
        assert.deepEqual(running.of("state"), [], "no state change: signaling never dropped and the room never ended");
        assert.deepEqual(running.of("error"), []);
        assert.equal(await running.stop(), 0);
      }, (output) => {
        serverOutput = output;
      });
    });
  });

  it("Chromium (browser SDK): the host and the viewer restart their media and the viewer decodes the host again, in the same epoch", { timeout: 240_000 }, async (t) => {
    const peers: ChildPeer[] = [];
    let serverOutput = () => "";
    const logs = () => [...peers.map((peer) => peer.diagnostics()), `server:\n${serverOutput()}`].join("\n\n");
    const screenshots = async (dir: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [dir, label], 10_000).catch(() => undefined))))
      .filter((path): path is string => typeof path === "string");
    try {
      await withFailureArtifacts("media-restart-chromium", { screenshots, logs }, async () => {
        await withServer(async (namespaces, dataDir) => {
          const publisher = chromiumPeer(namespaces.exec(namespaces.b), "publisher");
          const player = chromiumPeer(namespaces.exec(namespaces.b), "player");
          peers.push(publisher, player);
          await until("both Chromium peers ready", () => {
            publisher.throwIfFailed();
            player.throwIfFailed();
            return [publisher.latest("ready"), player.latest("ready")];
          }, (ready) => ready.every((line) => line !== undefined), 60_000);
          const dev = readDevApp(dataDir);
          const suffix = randomBytes(3).toString("hex");
          const host = `restart_host_${suffix}`;
          const viewer = `restart_viewer_${suffix}`;
          const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
          await harness(publisher, "login", serverUrl, dev.sdkAppId, host, dev.sig(host), undefined, undefined, deadMediaTimeoutMs);
          await harness(publisher, "createRoom", roomId);
          assert.deepEqual(await harness(publisher, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
          await harness(player, "login", serverUrl, dev.sdkAppId, viewer, dev.sig(viewer), undefined, undefined, deadMediaTimeoutMs);
          await harness(player, "joinRoom", roomId, "Guest");
          const decodingHost = (stats: RtcSummary) => stats.inboundVideo.filter((video) => video.userId === host && video.framesDecoded > 0);
          const first = await until("the viewer decoding the host's camera", () => harness<RtcSummary>(player, "rtcStats"),
            (stats) => decodingHost(stats).some((video) => video.framesDecoded >= 30), 60_000);
          const oldConnections = new Set(decodingHost(first).map((video) => video.connection));

          const ports = mediaPortsInB(namespaces);
          cutMediaPorts(namespaces, ports);
          const cutAt = Date.now();

          const reconnectedAfter: string[] = [];
          for (const [name, peer] of [["host", publisher], ["viewer", player]] as const) {
            const seen = await until(`the ${name} restarting its media`, () => harness<FailoverSeen>(peer, "failover"),
              (state) => state.mediaReconnected.length > 0 || state.roomEnded, 60_000);
            reconnectedAfter.push(`${name} ${(Date.now() - cutAt) / 1000} s`);
            assert.deepEqual({ epoch: seen.mediaEpoch, reconnected: [...seen.mediaReconnected], restarts: seen.mediaRestarts, ended: seen.roomEnded, state: seen.connectionState },
              { epoch: 0, reconnected: [0], restarts: 1, ended: false, state: "connected" }, `${name}: ${show(seen)}`);
          }

          const newVideo = (stats: RtcSummary) => decodingHost(stats).filter((video) => !oldConnections.has(video.connection));
          await until("the viewer decoding the host's camera on a new connection", () => harness<RtcSummary>(player, "rtcStats"),
            (stats) => newVideo(stats).some((video) => video.framesDecoded >= 30), 60_000);
          const dropped = droppedByCut(namespaces);
          t.diagnostic(`deadMediaTimeoutMs ${deadMediaTimeoutMs ?? "default"}: cut ports ${ports.join(",")} (${dropped} datagrams dropped); mediaReconnected seen (polled every 250 ms): ${reconnectedAfter.join(", ")}; `
            + `30 frames decoded on the new connection ${(Date.now() - cutAt) / 1000} s after the cut`);
          assert.ok(dropped > 0, "the cut dropped the old connections' datagrams");
        }, (output) => {
          serverOutput = output;
        });
      });
    } finally {
      await Promise.all(peers.map(async (peer) => {
        await peer.call("close", [], 5000).catch(() => undefined);
        await peer.kill();
      }));
    }
  });
});
