import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { PeerConnectionReport } from "./peers/reach-peer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { RtcSummary } from "./support/pageApi.js";
import { until } from "./support/poll.js";
import { ReachChromium } from "./support/reachChromium.js";
import { Nat, ReachNamespaces } from "./support/reachNetns.js";
import { ReachServer } from "./support/reachServer.js";

// The server behind a 1:1 NAT, as on a cloud VM: namespaces client C (198.51.100.2) — router R (public 198.51.100.1,
// private 10.98.1.1) — server S (10.98.1.2). R's nftables DNATs the public address's HTTP port and media UDP port to
// S and masquerades what S sends out; C has no route to 10.98.1.0/24. Without --media-public-address the server
// announces its private address and a Chromium in C cannot reach its media; with --media-public-address 198.51.100.1
// it announces the public one and C publishes and plays through the NAT. Needs root.

exitAfterTests();
const httpPort = 7880;
const mediaPort = 7882;
const publicUrl = `http://${Nat.public}:${httpPort}`;

let namespaces: ReachNamespaces;
let server: ReachServer | undefined;
let peer: ReachChromium | undefined;
let dataDir: string;

function chromium(): ReachChromium {
  assert.ok(peer !== undefined, "the Chromium peer started");
  return peer;
}

const call = <T>(method: string, ...args: unknown[]): Promise<T> => chromium().call<T>(method, ...args);
const harness = <T>(page: string, method: string, ...args: unknown[]): Promise<T> => chromium().harness<T>(page, method, ...args);
const connections = (page: string): Promise<PeerConnectionReport[]> => chromium().connections(page);

const artifacts = {
  screenshots: async (dir: string, label: string) => (await peer?.screenshots(dir, label)) ?? [],
  logs: () => `${peer?.diagnostics() ?? ""}\n\nserver:\n${server?.output ?? ""}\n\nrouter:\n${namespaces?.exec1("r", ["nft", "list", "ruleset"]) ?? ""}`,
};

/** (Re)starts the server in S, private HTTP and media, with `args`; waits until C reaches it through the router. */
async function startServer(args: readonly string[]): Promise<ReachServer> {
  if (server !== undefined) {
    server.kill();
    await server.exited();
  }

  server = ReachServer.start(namespaces, "s", dataDir, `http://${Nat.server}:${httpPort}`, ["--media-port", String(mediaPort), ...args]);
  await call("health", `${publicUrl}/healthz`, 90_000);
  return server;
}

interface Entered {
  readonly host: string;
  readonly viewer: string;
}

/** A host page publishing camera and microphone with the SDK through the public address, a viewer page playing it. */
async function enter(label: string, running: ReachServer): Promise<Entered> {
  const suffix = randomBytes(3).toString("hex");
  const host = `${label}_host_${suffix}`;
  const viewer = `${label}_viewer_${suffix}`;
  const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
  const { sdkAppId } = running.devApp();
  await call("open", host);
  await call("open", viewer);
  await harness(host, "login", publicUrl, sdkAppId, host, running.sig(host));
  await harness(host, "createRoom", roomId);
  assert.deepEqual(await harness(host, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
  await harness(viewer, "login", publicUrl, sdkAppId, viewer, running.sig(viewer));
  await harness(viewer, "joinRoom", roomId, "Guest");
  return { host, viewer };
}

describe("media through a 1:1 NAT", { timeout: 420_000 }, () => {
  before(async () => {
    namespaces = ReachNamespaces.nat(httpPort, mediaPort); // fails the test (with the reason) without root
    dataDir = mkdtempSync(join(tmpdir(), "openlive-reach-nat-"));
    peer = await ReachChromium.start("c", namespaces.exec("c"));
  });

  after(async () => {
    await peer?.close();
    server?.kill();
    namespaces?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("without --media-public-address the server announces its private address, which the client cannot reach", async () => {
    await withFailureArtifacts("reach-nat-private", artifacts, async () => {
      const running = await startServer([]);
      const health = await call<{ body: { media: { announced: string[] } } }>("healthJson", `${publicUrl}/healthz`);
      assert.deepEqual(health.body.media.announced, [`${Nat.server}:${mediaPort}`]);

      const { host } = await enter("private", running);
      const seen = await until("the host's answer with its candidates", () => connections(host),
        (list) => list.some((pc) => pc.announced.length > 0), 20_000);
      // Every candidate, the UDP one on the media port and the passive ICE-TCP one, names the private address.
      assert.ok(seen.every((pc) => pc.announced.every((candidate) => candidate.startsWith(`${Nat.server} `))), JSON.stringify(seen));
      assert.ok(seen.every((pc) => pc.announced.includes(`${Nat.server} ${mediaPort}`)), JSON.stringify(seen));
      // ICE cannot succeed: Chromium in C has no route to 10.98.1.2 (its checks fail at once) and none reach the router.
      const failed = await until("the host's connection failing", () => connections(host),
        (list) => list.some((pc) => pc.connectionState === "failed"), 60_000);
      assert.ok(failed.every((pc) => pc.connectionState !== "connected"), JSON.stringify(failed));
      const [, udpDnat] = namespaces.counters("r", "ip", "openlive_nat");
      assert.equal(udpDnat, 0, "no media packet reached the router's public media port");
    });
  });

  it("with --media-public-address 198.51.100.1 the client publishes and plays through the NAT", async () => {
    await withFailureArtifacts("reach-nat-public", artifacts, async () => {
      const running = await startServer(["--media-public-address", Nat.public]);
      const health = await call<{ body: { media: { udp: string; announced: string[] } } }>("healthJson", `${publicUrl}/healthz`);
      assert.deepEqual(health.body.media.announced, [`${Nat.public}:${mediaPort}`]);
      assert.equal(running.mediaLine, `[::]:${mediaPort} (all interfaces, IPv4 and IPv6), announced ${Nat.public}`);

      const { host, viewer } = await enter("public", running);
      await until("the viewer decoding the host's camera and hearing its microphone", () => harness<RtcSummary>(viewer, "rtcStats"), (stats) =>
        (stats.inboundVideo.find((v) => v.userId === host)?.framesDecoded ?? 0) >= 30
          && stats.inboundAudio.some((a) => a.totalAudioEnergy > 0), 60_000);
      for (const page of [host, viewer]) {
        const list = await connections(page);
        const connected = list.filter((pc) => pc.connectionState === "connected");
        assert.ok(connected.length > 0 && connected.every((pc) => pc.remoteAddress === Nat.public && pc.remotePort === mediaPort),
          `${page} should send media to ${Nat.public}:${mediaPort}: ${JSON.stringify(list)}`);
      }

      const [, udpDnat] = namespaces.counters("r", "ip", "openlive_nat");
      assert.ok((udpDnat ?? 0) > 0, "the router DNATed media packets to the server");
    });
  });
});
