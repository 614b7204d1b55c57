import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ChildPeer } from "./support/ChildPeer.js";
import { chromiumPeer, harness } from "./support/chromiumPeer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ReachServer } from "./support/reachServer.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LinkedNamespaces } from "./support/netns.js";
import type { RtcSummary, SelectedPair } from "./support/pageApi.js";
import { readDevApp } from "./support/devApp.js";
import { describe as show, until } from "./support/poll.js";

// ICE over TCP (issue 13): the server in network namespace A (10.97.0.1), a Chromium publisher and a Chromium viewer
// in namespace B (10.97.0.2), and nftables in B dropping every UDP packet to or from the link. The only way media can
// flow is the server's passive ICE-TCP candidate (RFC 6544) and Chromium's active TCP candidates: the viewer must
// decode the publisher's video, and every selected candidate pair must be TCP. Needs root; without it the test fails
// and says so. OPENLIVE_REACH_TCP_SERVER_ARGS adds server flags (e.g. --OpenLive:Media:TcpEnabled=false shows the
// test failing as on a server without ICE-TCP).

exitAfterTests();
const httpPort = 7880;

/** Drops all UDP between B and the link, both ways, counted (nftables in B). */
function blockUdp(namespaces: LinkedNamespaces): void {
  const rules = `table inet openlive_reach_tcp {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "veth-b" meta l4proto udp counter drop
  }
  chain output {
    type filter hook output priority 0; policy accept;
    oifname "veth-b" meta l4proto udp counter drop
  }
}
`;
  namespaces.nft("b", rules);
}

/** UDP packets the block dropped so far, both directions. */
function udpDropped(namespaces: LinkedNamespaces): number {
  return namespaces.counters("b", "inet", "openlive_reach_tcp").reduce((sum, count) => sum + count, 0);
}

describe("ICE over TCP", () => {
  it("with all UDP between client and server dropped, Chromium publishes and plays over ICE-TCP", { timeout: 180_000 }, async (t) => {
    const peers: ChildPeer[] = [];
    let server: ReachServer | undefined;
    const namespaces = LinkedNamespaces.create(); // fails the test (with the reason) without root
    const dataDir = mkdtempSync(join(tmpdir(), "openlive-reach-tcp-"));
    try {
      const artifacts = {
        screenshots: async (dir: string, label: string) => (await Promise.all(peers.map((peer) => peer.call("screenshot", [dir, label], 10_000).catch(() => undefined))))
          .filter((path): path is string => typeof path === "string"),
        logs: () => [...peers.map((peer) => peer.diagnostics()), `server:\n${server?.output ?? ""}`].join("\n\n"),
      };
      await withFailureArtifacts("reach-tcp", artifacts, async () => {
        blockUdp(namespaces);
        server = ReachServer.start(namespaces, namespaces.a, dataDir, `http://${LinkedNamespaces.addressA}:${httpPort}`, ["--media-port", "7882", `--OpenLive:Media:BindAddress=${LinkedNamespaces.addressA}`, ...(process.env["OPENLIVE_REACH_TCP_SERVER_ARGS"] ?? "").split(" ").filter(Boolean)]);
        const publisher = chromiumPeer(namespaces.exec(namespaces.b), "publisher");
        const viewer = chromiumPeer(namespaces.exec(namespaces.b), "viewer");
        peers.push(publisher, viewer);
        const serverUrl = `http://${LinkedNamespaces.addressA}:${httpPort}`;
        await until("both Chromium peers ready", () => {
          publisher.throwIfFailed();
          viewer.throwIfFailed();
          return [publisher.latest("ready"), viewer.latest("ready")];
        }, (ready) => ready.every((line) => line !== undefined), 60_000);
        await publisher.call("health", [`${serverUrl}/healthz`, 90_000], 95_000);
        const dev = readDevApp(dataDir);
        const sig = dev.sig;

        const suffix = randomBytes(3).toString("hex");
        const host = `tcp_host_${suffix}`;
        const guest = `tcp_viewer_${suffix}`;
        const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
        await harness(publisher, "login", serverUrl, dev.sdkAppId, host, sig(host));
        await harness(publisher, "createRoom", roomId);
        assert.deepEqual(await harness(publisher, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
        await harness(viewer, "login", serverUrl, dev.sdkAppId, guest, sig(guest));
        await harness(viewer, "joinRoom", roomId, "Guest");

        const decoded = await until("the viewer decoding the publisher's video over TCP",
          async () => (await harness<RtcSummary>(viewer, "rtcStats")).inboundVideo.find((video) => video.userId === host),
          (video) => (video?.framesDecoded ?? 0) >= 30, 60_000);
        const pairs = {
          publisher: await harness<SelectedPair[]>(publisher, "selectedPairs"),
          viewer: await harness<SelectedPair[]>(viewer, "selectedPairs"),
        };
        const dropped = udpDropped(namespaces);
        const summary = `viewer decoded ${decoded?.framesDecoded} frames (${decoded?.frameWidth}x${decoded?.frameHeight}); selected pairs ${show(pairs)}; UDP dropped ${dropped}`;
        t.diagnostic(summary);

        assert.ok(dropped > 0, `no UDP was dropped, so the block was not exercised: ${summary}`);
        for (const [who, selected] of Object.entries(pairs)) {
          assert.ok(selected.length > 0, `${who} has no selected candidate pair: ${summary}`);
          for (const pair of selected) {
            assert.equal(pair.localProtocol, "tcp", `${who}'s selected pair is not TCP: ${summary}`);
            assert.equal(pair.localTcpType, "active", `${who}'s local candidate is not active TCP: ${summary}`);
            assert.equal(pair.remoteHost, LinkedNamespaces.addressA, `${who}'s pair does not go to the server: ${summary}`);
            assert.equal(pair.remotePort, 7881, `${who}'s pair is not on the TCP media port: ${summary}`);
          }
        }
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
