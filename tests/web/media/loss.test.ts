import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { randomBytes } from "node:crypto";
import type { ChildPeer } from "./support/ChildPeer.js";
import { chromiumPeer, harness } from "./support/chromiumPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ReachServer } from "./support/reachServer.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { InboundVideo, OutboundVideo, RtcSummary, ServerTrackStats } from "./support/pageApi.js";
import { readDevApp } from "./support/devApp.js";
import { describe as show, sleep, until } from "./support/poll.js";

// Loss on the subscriber's link, the way it happens on real networks: the server and a Chromium publisher in network
// namespace A (10.97.0.1), a Chromium subscriber in namespace B (10.97.0.2), a veth pair between them, and nftables
// dropping 5 % of the UDP arriving in B at random. The subscriber's NACKs must be answered from the SFU's packet cache
// (RTX) well enough that at least 90 % of the frames the publisher encodes are decoded. Needs root; without it the test
// fails and says so.

exitAfterTests();
const lossPercent = 5;
const windowMs = 15_000;
const httpPort = 7880;

interface Sample {
  readonly sent: OutboundVideo | undefined;
  readonly received: InboundVideo | undefined;
}

async function sample(publisher: ChildPeer, subscriber: ChildPeer, from: string): Promise<Sample> {
  const [sent, received] = await Promise.all([harness<RtcSummary>(publisher, "rtcStats"), harness<RtcSummary>(subscriber, "rtcStats")]);
  return { sent: sent.outboundVideo[0], received: received.inboundVideo.find((video) => video.userId === from) };
}

describe("loss on the subscriber's link", () => {
  it(`${lossPercent} % random UDP loss into the subscriber: NACK/RTX keep ≥ 90 % of the publisher's frames decodable`, { timeout: 150_000 }, async (t) => {
    const peers: ChildPeer[] = [];
    let server: ReachServer | undefined;
    const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
    const dataDir = mkdtempSync(join(tmpdir(), "openlive-loss-"));
    try {
      const artifacts = {
        screenshots: async (dir: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [dir, label], 10_000).catch(() => undefined))))
          .filter((path): path is string => typeof path === "string"),
        logs: () => [...peers.map((peer) => peer.diagnostics()), `server:\n${server?.output ?? ""}`].join("\n\n"),
      };
      await withFailureArtifacts("loss", artifacts, async () => {
        namespaces.dropUdpIntoB(lossPercent);
        server = ReachServer.start(namespaces, namespaces.a, dataDir, `http://${LinkedNamespaces.addressA}:${httpPort}`, ["--media-port", "0", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`]);
        const publisher = chromiumPeer(namespaces.exec(namespaces.a), "publisher");
        const subscriber = chromiumPeer(namespaces.exec(namespaces.b), "subscriber");
        peers.push(publisher, subscriber);
        const serverUrl = `http://${LinkedNamespaces.addressA}:${httpPort}`;
        await until("both Chromium peers ready", () => {
          publisher.throwIfFailed();
          subscriber.throwIfFailed();
          return [publisher.latest("ready"), subscriber.latest("ready")];
        }, (ready) => ready.every((line) => line !== undefined), 60_000);
        await publisher.call("health", [`${serverUrl}/healthz`, 90_000], 95_000);
        await subscriber.call("health", [`${serverUrl}/healthz`, 10_000], 15_000); // reachable across the link
        const dev = readDevApp(dataDir);
        const sig = dev.sig;

        const suffix = randomBytes(3).toString("hex");
        const host = `lossy_host_${suffix}`;
        const viewer = `lossy_viewer_${suffix}`;
        const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
        await harness(publisher, "login", serverUrl, dev.sdkAppId, host, sig(host));
        await harness(publisher, "createRoom", roomId);
        assert.deepEqual(await harness(publisher, "publish", { audio: false, camera: true, width: 1280, height: 720 }), { ok: true });
        await harness(subscriber, "login", serverUrl, dev.sdkAppId, viewer, sig(viewer));
        await harness(subscriber, "joinRoom", roomId, "Guest");

        await until("the subscriber decoding", () => sample(publisher, subscriber, host), (s) => (s.received?.framesDecoded ?? 0) >= 30, 30_000);
        const start = await sample(publisher, subscriber, host);
        await sleep(windowMs);
        const end = await sample(publisher, subscriber, host);
        const dropped = namespaces.droppedIntoB();
        const serverStats = await harness<ServerTrackStats[]>(subscriber, "mediaStats");

        const delta = (pick: (s: Sample) => number | undefined): number => (pick(end) ?? 0) - (pick(start) ?? 0);
        const encoded = delta((s) => s.sent?.framesEncoded);
        const decoded = delta((s) => s.received?.framesDecoded);
        const received = delta((s) => s.received?.framesReceived);
        const nacks = delta((s) => s.received?.nackCount);
        const retransmitted = delta((s) => s.received?.retransmittedPacketsReceived);
        const lost = delta((s) => s.received?.packetsLost);
        const packets = delta((s) => s.received?.packetsReceived);
        const freezes = delta((s) => s.received?.freezeCount);
        const plis = delta((s) => s.received?.pliCount);
        const ratio = encoded > 0 ? decoded / encoded : 0;
        const summary = `over ${windowMs / 1000} s: publisher encoded ${encoded} frames, subscriber received ${received} and decoded ${decoded} `
          + `(${(ratio * 100).toFixed(1)} %); packets received ${packets}, lost on the link ${lost}, NACKs sent ${nacks}, `
          + `retransmissions received ${retransmitted}, PLIs ${plis}, freezes ${freezes}; nftables dropped ${dropped} UDP packets into B in all; `
          + `server: ${show(serverStats)}`;
        t.diagnostic(summary);

        assert.ok(dropped > 0, `the loss rule dropped nothing: ${summary}`);
        assert.ok(encoded >= windowMs / 1000 * 10, `the publisher encoded too few frames to judge: ${summary}`);
        assert.ok(nacks > 0, `no NACKs: ${summary}`);
        assert.ok(retransmitted > 0, `no retransmissions arrived: ${summary}`);
        assert.ok(ratio >= 0.9, `only ${(ratio * 100).toFixed(1)} % of the frames were decoded: ${summary}`);
      });
    } finally {
      await Promise.all(peers.map(async (peer) => {
        await peer.call("close", [], 5000).catch(() => undefined);
        await peer.kill();
      }));
      server?.kill();
      namespaces.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
