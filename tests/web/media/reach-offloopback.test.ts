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
import { Linked, ReachNamespaces } from "./support/reachNetns.js";
import { ReachServer } from "./support/reachServer.js";

// Media off loopback: the server in namespace S on its own addresses (10.98.0.1 and fd00:98::1 on a veth link), its
// media bound to every interface ([::], one dual-stack socket: dev mode with --dev-expose), and a Chromium in namespace
// C (10.98.0.2, fd00:98::2) publishing and playing through it — with the browser SDK over IPv4 (nftables in C drops
// IPv6 UDP), over IPv6 (IPv4 UDP dropped), and with WHIP and WHEP. Frames decoded and audio energy, and the candidate
// pair Chromium selected names the server's address of that family. Needs root.

exitAfterTests();
const httpPort = 7880;
const url4 = `http://${Linked.server4}:${httpPort}`;
const url6 = `http://[${Linked.server6}]:${httpPort}`;

let namespaces: ReachNamespaces;
let server: ReachServer;
let peer: ReachChromium | undefined;
let dataDir: string;

function chromium(): ReachChromium {
  assert.ok(peer !== undefined, "the Chromium peer started");
  return peer;
}

const call = <T>(method: string, ...args: unknown[]): Promise<T> => chromium().call<T>(method, ...args);
const harness = <T>(page: string, method: string, ...args: unknown[]): Promise<T> => chromium().harness<T>(page, method, ...args);
const connections = (page: string): Promise<PeerConnectionReport[]> => chromium().connections(page);

/** Only one IP family's UDP passes in C (media must use the other's addresses); null lets both through. */
function onlyUdpOf(family: "ipv4" | "ipv6" | null): void {
  namespaces.dropTable("c", "inet", "reach_family");
  if (family !== null) {
    const blocked = family === "ipv4" ? "ipv6" : "ipv4";
    namespaces.nft("c", `table inet reach_family {
  chain output { type filter hook output priority 0; policy accept; meta nfproto ${blocked} meta l4proto udp counter drop; }
  chain input { type filter hook input priority 0; policy accept; meta nfproto ${blocked} meta l4proto udp counter drop; }
}
`);
  }
}

const artifacts = {
  screenshots: async (dir: string, label: string) => (await peer?.screenshots(dir, label)) ?? [],
  logs: () => `${peer?.diagnostics() ?? ""}\n\nserver:\n${server?.output ?? ""}`,
};

/** Publishes the fake camera and microphone with the SDK from one page and plays it in another, both in C. */
async function publishAndPlay(label: string, serverUrl: string, serverAddress: string): Promise<void> {
  const suffix = randomBytes(3).toString("hex");
  const host = `${label}_host_${suffix}`;
  const viewer = `${label}_viewer_${suffix}`;
  const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
  const { sdkAppId } = server.devApp();
  await call("open", host);
  await call("open", viewer);
  await harness(host, "login", serverUrl, sdkAppId, host, server.sig(host));
  await harness(host, "createRoom", roomId);
  assert.deepEqual(await harness(host, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
  await harness(viewer, "login", serverUrl, sdkAppId, viewer, server.sig(viewer));
  await harness(viewer, "joinRoom", roomId, "Guest");

  const played = await until(`${label}: the viewer decoding the host's camera and hearing its microphone`, () => harness<RtcSummary>(viewer, "rtcStats"), (stats) =>
    (stats.inboundVideo.find((v) => v.userId === host)?.framesDecoded ?? 0) >= 30
      && stats.inboundAudio.some((a) => a.totalAudioEnergy > 0), 60_000);
  assert.ok(played.inboundVideo.length > 0);
  for (const page of [host, viewer]) {
    const used = await until(`${label}: ${page}'s media on the server's ${serverAddress}`, () => connections(page),
      (list) => list.some((pc) => pc.connectionState === "connected"), 20_000);
    const connected = used.filter((pc) => pc.connectionState === "connected");
    assert.ok(connected.length > 0 && connected.every((pc) => pc.remoteAddress === serverAddress && pc.protocol === "udp"),
      `${page} should send media to ${serverAddress} over UDP: ${JSON.stringify(used)}`);
  }

  await harness(viewer, "leave");
  await harness(host, "leave");
}

describe("media off loopback: server and Chromium in two namespaces, IPv4 and IPv6", { timeout: 420_000 }, () => {
  before(async () => {
    namespaces = ReachNamespaces.linked(); // fails the test (with the reason) without root
    dataDir = mkdtempSync(join(tmpdir(), "openlive-reach-"));
    server = ReachServer.start(namespaces, "s", dataDir, `${url4};${url6}`, ["--media-port", "0"]);
    peer = await ReachChromium.start("c", namespaces.exec("c"));
    await withFailureArtifacts("reach-start", artifacts, async () => {
      await call("health", `${url4}/healthz`, 90_000);
    });
  });

  after(async () => {
    await peer?.close();
    server?.kill();
    namespaces?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the server binds every interface and announces both of its addresses (banner and /healthz)", async () => {
    const health = await call<{ status: number; body: { status: string; media: { udp: string; bind: string; announced: string[] } } }>("healthJson", `${url6}/healthz`);
    assert.equal(health.status, 200);
    const port = Number(/:(\d+)$/.exec(health.body.media.udp)?.[1]);
    assert.equal(health.body.media.udp, `[::]:${port}`);
    assert.deepEqual(health.body.media.announced, [`${Linked.server4}:${port}`, `[${Linked.server6}]:${port}`]);
    assert.equal(server.mediaLine, `[::]:${port} (all interfaces, IPv4 and IPv6), announced ${Linked.server4}, ${Linked.server6}`);
  });

  it("IPv4: the SDK publishes and plays through the server's 10.98.0.1", async () => {
    onlyUdpOf("ipv4");
    await withFailureArtifacts("reach-ipv4", artifacts, () => publishAndPlay("v4", url4, Linked.server4));
  });

  it("IPv6: the SDK publishes and plays through the server's fd00:98::1", async () => {
    onlyUdpOf("ipv6");
    await withFailureArtifacts("reach-ipv6", artifacts, () => publishAndPlay("v6", url6, Linked.server6));
  });

  it("WHIP publishes and WHEP plays across the link", async () => {
    onlyUdpOf(null);
    await withFailureArtifacts("reach-whip-whep", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const publisher = `whip_${suffix}`;
      const viewer = `whep_${suffix}`;
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId } = server.devApp();
      await call("open", publisher);
      await call("open", viewer);
      assert.equal(await call("whip", publisher, `${url4}/whip/${sdkAppId}/${roomId}/${publisher}`, server.sig(publisher)), 201);
      await until("the WHIP publisher encoding and connected", () => connections(publisher),
        (list) => list.some((pc) => pc.connectionState === "connected" && pc.framesEncoded > 0 && pc.audioPacketsSent > 0), 30_000);
      assert.equal(await call("whep", viewer, `${url4}/whep/${sdkAppId}/${roomId}/${publisher}?user=${viewer}`, server.sig(viewer)), 201);
      const played = await until("the WHEP player decoding video and hearing audio", () => connections(viewer),
        (list) => list.some((pc) => pc.framesDecoded >= 30 && pc.audioEnergy > 0), 60_000);
      for (const list of [played, await connections(publisher)]) {
        const connected = list.filter((pc) => pc.connectionState === "connected");
        assert.ok(connected.length > 0 && connected.every((pc) => ([Linked.server4, Linked.server6] as string[]).includes(pc.remoteAddress)),
          `media should go to one of the server's addresses: ${JSON.stringify(list)}`);
      }
    });
  });
});
