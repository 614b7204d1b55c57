import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Api } from "tls-sig-api-v2";
import type { ChildPeer } from "./support/ChildPeer.js";
import { chromiumPeer, harness } from "./support/chromiumPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ReachServer } from "./support/reachServer.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { RtcSummary, SelectedPair } from "./support/pageApi.js";
import { failureArtifactsDir } from "./support/paths.js";
import { describe as show, until } from "./support/poll.js";

// Relay only, through an operator's coturn with credentials the OpenLive server issued at login (TURN REST API scheme):
//   namespace A (10.97.0.1): the OpenLive server (HTTP 7880, media UDP on a random port) and coturn (UDP 3478,
//                            relays from 10.97.0.1:49160-49200 to the SFU over A's own stack)
//   namespace B (10.97.0.2): two Chromium pages (publisher, viewer) with iceTransportPolicy "relay"
//   nftables in A: from B only HTTP 7880 (signaling) and coturn's 3478 get in; everything else from B — the SFU's media
//   port among it, UDP and TCP — is dropped and counted.
// Media flows only if the login handed out working TURN credentials: without them (the server before this feature)
// Chromium gathers no relay candidate and nothing connects. Needs root; fails (not skips) without.

exitAfterTests();
const httpPort = 7880;
const turnPort = 3478;
const turnUrl = `turn:${LinkedNamespaces.addressA}:${turnPort}?transport=udp`;

/** Output of a child process, the last 8000 characters. */
function captured(child: ChildProcess): () => string {
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => output;
}

/** coturn in A, as docs/operations.md configures it: use-auth-secret with the server's secret; its log in the artifacts. */
function startCoturn(namespaces: LinkedNamespaces, dir: string, secret: string, logFile: string): { child: ChildProcess; output: () => string } {
  const config = join(dir, "turnserver.conf");
  writeFileSync(config, [
    `listening-ip=${LinkedNamespaces.addressA}`,
    `relay-ip=${LinkedNamespaces.addressA}`,
    `listening-port=${turnPort}`,
    "min-port=49160",
    "max-port=49200",
    "use-auth-secret",
    `static-auth-secret=${secret}`,
    "realm=openlive.test",
    "no-tls",
    "no-dtls",
    "no-cli",
    "no-multicast-peers",
    // As docs/operations.md advises: relay to the SFU's address only, not into the network behind coturn.
    "denied-peer-ip=0.0.0.0-255.255.255.255",
    `allowed-peer-ip=${LinkedNamespaces.addressA}`,
    `userdb=${join(dir, "turndb")}`,
    `pidfile=${join(dir, "turnserver.pid")}`,
    `log-file=${logFile}`,
    "simple-log",
    "verbose",
    "",
  ].join("\n"), { mode: 0o600 });
  const [exec, ...prefix] = namespaces.exec(namespaces.a);
  const child = spawn(exec ?? "ip", [...prefix, "setpriv", "--pdeathsig", "KILL", "/usr/bin/turnserver", "-c", config],
    { stdio: ["ignore", "pipe", "pipe"] });
  return { child, output: captured(child) };
}

/** In A: from B's side of the link only signaling and coturn get in; the rest is dropped and counted. */
function allowOnlySignalingAndTurnFromB(namespaces: LinkedNamespaces): void {
  const rules = `table inet openlive_turn_only {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "veth-a" tcp dport ${httpPort} accept
    iifname "veth-a" udp dport ${turnPort} accept
    iifname "veth-a" counter drop
  }
}
`;
  namespaces.nft("a", rules);
}

function listening(namespaces: LinkedNamespaces, port: number): boolean {
  return namespaces.exec1("a", ["ss", "-Hlun", `sport = :${port}`]).trim().length > 0;
}

describe("TURN relay through coturn", () => {
  it("relay-only Chromium publishes and plays through coturn with the credentials the server issued at login", { timeout: 180_000 }, async (t) => {
    const peers: ChildPeer[] = [];
    let server: ReachServer | undefined;
    let coturn: ReturnType<typeof startCoturn> | undefined;
    const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
    const dir = mkdtempSync(join(tmpdir(), "openlive-turn-"));
    const artifactsDir = failureArtifactsDir();
    mkdirSync(artifactsDir, { recursive: true });
    const coturnLog = join(artifactsDir, "reach-turn-coturn.log");
    rmSync(coturnLog, { force: true });
    try {
      const secret = randomBytes(32).toString("hex");
      const secretFile = join(dir, "turn-secret");
      writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
      chmodSync(secretFile, 0o600);
      const artifacts = {
        screenshots: async (into: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [into, label], 10_000).catch(() => undefined))))
          .filter((path): path is string => typeof path === "string"),
        logs: () => [...peers.map((peer) => peer.diagnostics()), `server:\n${server?.output ?? ""}`, `coturn (log: ${coturnLog}):\n${coturn?.output() ?? ""}`].join("\n\n"),
      };
      await withFailureArtifacts("reach-turn", artifacts, async () => {
        allowOnlySignalingAndTurnFromB(namespaces);
        coturn = startCoturn(namespaces, dir, secret, coturnLog);
        server = ReachServer.start(namespaces, namespaces.a, join(dir, "data"), `http://${LinkedNamespaces.addressA}:${httpPort}`, ["--media-port", "0", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`, "--turn-url", turnUrl, "--turn-secret-file", secretFile]);
        const publisher = chromiumPeer(namespaces.exec(namespaces.b), "publisher");
        const viewer = chromiumPeer(namespaces.exec(namespaces.b), "viewer");
        peers.push(publisher, viewer);
        const serverUrl = `http://${LinkedNamespaces.addressA}:${httpPort}`;
        await until("coturn listening", () => listening(namespaces, turnPort), (up) => up, 15_000);
        await until("both Chromium peers ready", () => {
          publisher.throwIfFailed();
          viewer.throwIfFailed();
          return [publisher.latest("ready"), viewer.latest("ready")];
        }, (ready) => ready.every((line) => line !== undefined), 60_000);
        await publisher.call("health", [`${serverUrl}/healthz`, 90_000], 95_000);
        const dev = JSON.parse(readFileSync(join(dir, "data", "dev-app.json"), "utf8")) as { sdkAppId: number; key: string };
        const sig = (userId: string): string => new Api(dev.sdkAppId, dev.key).genUserSig(userId, 3600);

        const suffix = randomBytes(3).toString("hex");
        const host = `relay_host_${suffix}`;
        const audience = `relay_viewer_${suffix}`;
        const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
        const relayOnly = { bundlePolicy: "max-bundle", iceServers: [], iceTransportPolicy: "relay" };
        await harness(publisher, "login", serverUrl, dev.sdkAppId, host, sig(host), relayOnly);
        await harness(publisher, "createRoom", roomId);
        assert.deepEqual(await harness(publisher, "publish", { audio: true, camera: true }), { ok: true });
        await harness(viewer, "login", serverUrl, dev.sdkAppId, audience, sig(audience), relayOnly);
        await harness(viewer, "joinRoom", roomId, "Guest");

        const received = await until("the viewer decoding video and hearing audio through the relay", () => harness<RtcSummary>(viewer, "rtcStats"), (stats) => {
          const video = stats.inboundVideo.find((entry) => entry.userId === host);
          const audio = stats.inboundAudio.find((entry) => entry.userId === host);
          return (video?.framesDecoded ?? 0) >= 30 && (audio?.totalAudioEnergy ?? 0) > 0;
        }, 45_000);
        const pairs = { publisher: await harness<SelectedPair[]>(publisher, "selectedPairs"), viewer: await harness<SelectedPair[]>(viewer, "selectedPairs") };
        const issued = await harness<Array<{ urls: string; username?: string }>>(viewer, "iceServers");
        // The block is real: a datagram and a TCP connection attempt from B straight to the SFU's media port are dropped.
        const mediaPort = pairs.viewer[0]?.remoteAddress.split(":").at(-1) ?? "0";
        namespaces.exec1("b", ["bash", "-c",
          `echo probe > /dev/udp/${LinkedNamespaces.addressA}/${mediaPort}; timeout 2 bash -c '</dev/tcp/${LinkedNamespaces.addressA}/${mediaPort}' || true`]);
        const dropped = namespaces.counters("a", "inet", "openlive_turn_only")[0] ?? Number.NaN;
        const summary = `viewer: ${show(received)}; selected pairs: ${show(pairs)}; ICE servers issued: ${show(issued)}; nftables dropped ${dropped} packets from B`;
        t.diagnostic(summary);

        assert.ok(dropped >= 2, `the direct UDP and TCP probes to the SFU's media port were not dropped: ${summary}`);
        assert.deepEqual(issued.map((server) => server.urls), [turnUrl], summary);
        assert.match(issued[0]?.username ?? "", new RegExp(`^\\d+:${audience}$`), summary);
        for (const [who, selected] of Object.entries(pairs)) {
          assert.ok(selected.length > 0, `${who} has no selected candidate pair: ${summary}`);
          for (const pair of selected) {
            assert.equal(pair.localType, "relay", `${who}'s selected pair is not through the relay: ${summary}`);
            assert.equal(pair.relayProtocol, "udp", summary);
          }
        }

        const log = readFileSync(coturnLog, "utf8");
        assert.match(log, new RegExp(`${host}`), "coturn's log names the publisher's REST username");
        assert.ok(!log.includes(secret) && !(server?.output ?? "").includes(secret), "the secret is in a log");
      });
    } finally {
      await Promise.all(peers.map(async (peer) => {
        await peer.call("close", [], 5000).catch(() => undefined);
        await peer.kill();
      }));
      server?.kill();
      coturn?.child.kill("SIGKILL");
      namespaces.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
