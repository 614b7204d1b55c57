import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { PeerConnectionReport } from "./peers/reach-peer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ClusterFixture } from "./support/clusterFixture.js";
import { ClusterNetwork } from "./support/clusterNetns.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { FailoverSeen, RtcSummary } from "./support/pageApi.js";
import { requestInNamespace } from "./support/loadProcess.js";
import { until } from "./support/poll.js";
import { ReachChromium } from "./support/reachChromium.js";

// A cluster off loopback: three nodes (namespaces a, b, c, each on its own address, its media bound and announced
// there), Redis membership and store in d, clients (a Chromium) in k, all routed through r. Members signed in to
// different nodes meet in one room whose media is on one node; WHIP publishes on one node and WHEP plays on another;
// last (it kills a node), the room's node is lost under a publishing host and viewers, and the room goes on elsewhere.
// Needs root.

exitAfterTests();
const httpPort = 7880;
const url = (address: string): string => `http://${address}:${httpPort}`;
const [nodeA, nodeB, nodeC] = ClusterNetwork.nodes;

let cluster: ClusterFixture | undefined;
let peer: ReachChromium | undefined;

function fixture(): ClusterFixture {
  assert.ok(cluster !== undefined, "the cluster started");
  return cluster;
}

function chromium(): ReachChromium {
  assert.ok(peer !== undefined, "the Chromium peer started");
  return peer;
}

const call = <T>(method: string, ...args: unknown[]): Promise<T> => chromium().call<T>(method, ...args);
const harness = <T>(page: string, method: string, ...args: unknown[]): Promise<T> => chromium().harness<T>(page, method, ...args);
const connections = (page: string): Promise<PeerConnectionReport[]> => chromium().connections(page);
const devApp = () => fixture().devApp();

const artifacts = {
  screenshots: async (dir: string, label: string) => (await peer?.screenshots(dir, label)) ?? [],
  logs: () => [peer?.diagnostics() ?? "", cluster?.diagnostics() ?? ""].join("\n\n"),
};

/** The media address every connected peer connection of `page` uses (asserted to be one). */
async function mediaNodeOf(page: string): Promise<string> {
  const list = await until(`${page}'s media connected`, () => connections(page),
    (reports) => reports.some((pc) => pc.connectionState === "connected"), 30_000);
  const addresses = [...new Set(list.filter((pc) => pc.connectionState === "connected").map((pc) => pc.remoteAddress))];
  assert.equal(addresses.length, 1, `${page}'s connections should all reach one node: ${JSON.stringify(list)}`);
  return addresses[0] ?? "";
}

describe("a cluster of three nodes in their own namespaces, clients in a fourth", { timeout: 600_000 }, () => {
  before(async () => {
    cluster = await ClusterFixture.start(); // fails the test (with the reason) without root
    peer = await ReachChromium.start("k", cluster.namespaces.exec("k"));
    await withFailureArtifacts("cluster-start", artifacts, () => fixture().ready());
  });

  after(async () => {
    await peer?.close();
    cluster?.destroy();
  });

  it("each node announces its own media address, seen from the clients' namespace", async () => {
    for (const node of ClusterNetwork.nodes) {
      const health = await call<{ status: number; body: { media: { announced: string[] } } }>("healthJson", `${url(node.address)}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(health.body.media.announced.length, 1, JSON.stringify(health.body));
      assert.match(health.body.media.announced[0] ?? "", new RegExp(`^${node.address.replaceAll(".", "\\.")}:\\d+$`));
    }
  });

  it("members signed in to nodes A, B and C meet in one room: all media goes to the room's node, and each plays the host", async () => {
    await withFailureArtifacts("cluster-cross-node", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId, sig } = devApp();
      const members = [
        { page: `host_${suffix}`, node: nodeA },
        { page: `viewer_b_${suffix}`, node: nodeB },
        { page: `viewer_c_${suffix}`, node: nodeC },
      ] as const;
      const [host, ...viewers] = members;
      for (const member of members) {
        await call("open", member.page);
        await harness(member.page, "login", url(member.node.address), sdkAppId, member.page, sig(member.page));
      }

      await harness(host.page, "createRoom", roomId);
      assert.deepEqual(await harness(host.page, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      for (const viewer of viewers) {
        await harness(viewer.page, "joinRoom", roomId, "Guest");
      }

      for (const viewer of viewers) {
        await until(`${viewer.page} (signed in to ${viewer.node.address}) decoding the host's camera and hearing it`, () => harness<RtcSummary>(viewer.page, "rtcStats"), (stats) =>
          (stats.inboundVideo.find((v) => v.userId === host.page)?.framesDecoded ?? 0) >= 30
            && stats.inboundAudio.some((a) => a.totalAudioEnergy > 0), 60_000);
      }

      const mediaNodes = await Promise.all(members.map((member) => mediaNodeOf(member.page)));
      const roomNode = mediaNodes[0];
      assert.ok(ClusterNetwork.nodes.some((node) => node.address === roomNode), `the room's media on a node: ${roomNode}`);
      assert.deepEqual(mediaNodes, members.map(() => roomNode), "every member's media goes to the one node hosting the room");
      // Three members on three nodes, one media node: at least two of them signal to a node other than their media's.
      assert.ok(members.filter((member) => member.node.address !== roomNode).length >= 2);

      for (const member of [...viewers, host]) {
        await harness(member.page, "leave");
      }
    });
  });

  it("WHIP publishes on node A and WHEP plays it on node C; the WHIP resource answers PATCH and DELETE on B and C", async () => {
    await withFailureArtifacts("cluster-whip-whep", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId, sig } = devApp();
      const publisher = `whip_${suffix}`;
      const viewer = `whep_${suffix}`;
      await call("open", publisher);
      await call("open", viewer);
      assert.equal(await call("whip", publisher, `${url(nodeA.address)}/whip/${sdkAppId}/${roomId}/${publisher}`, sig(publisher)), 201);
      assert.equal(await call("whep", viewer, `${url(nodeC.address)}/whep/${sdkAppId}/${roomId}/${publisher}?user=${viewer}`, sig(viewer)), 201);
      await until("the WHEP player on node C decoding the WHIP publisher's camera", () => connections(viewer),
        (list) => list.some((pc) => pc.framesDecoded >= 30 && pc.audioEnergy > 0), 60_000);
      assert.equal(await mediaNodeOf(viewer), await mediaNodeOf(publisher), "publisher and player reach the room's one media node");

      // The WHIP resource (created on A) answers PATCH and DELETE on any node, as behind a load balancer.
      const { location, etag } = await call<{ location: string; etag: string }>("resource", publisher);
      assert.match(location, /^\/whip\/resource\/[0-9a-f]{32}$/);
      const patch = (node: { readonly address: string }, fragment: string, ifMatch?: string) => requestInNamespace(fixture().namespaces, "k", `${url(node.address)}${location}`, {
        method: "PATCH", body: fragment, headers: { "content-type": "application/trickle-ice-sdpfrag", ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
      });
      const candidates = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=end-of-candidates\r\n";
      assert.equal((await patch(nodeB, candidates, etag)).status, 204, "trickled candidates through B");
      assert.equal((await patch(nodeC, candidates, "\"not-its-etag\"")).status, 412, "C compared If-Match with the resource's own entity tag");
      assert.equal((await patch(nodeB, `a=ice-ufrag:zzzz\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n${candidates}`)).status, 422, "an ICE restart through B, refused by the resource");
      assert.equal((await requestInNamespace(fixture().namespaces, "k", `${url(nodeC.address)}${location}`, { method: "DELETE" })).status, 200, "DELETE through C");
      assert.equal((await requestInNamespace(fixture().namespaces, "k", `${url(nodeA.address)}${location}`, { method: "DELETE" })).status, 404, "gone on A, its node, too");
      assert.equal((await requestInNamespace(fixture().namespaces, "k", `${url(nodeB.address)}/whip/resource/${"0".repeat(32)}`, { method: "DELETE" })).status, 404, "an unknown id");
    });
  });
  // Last: it kills a node (the suite's other tests need all three).
  it("the room's node is lost (SIGKILL) under a host on A and viewers on B and on the room's node: all keep the room, and the viewers decode the host again", async (t) => {
    await withFailureArtifacts("cluster-node-loss", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId, sig } = devApp();
      const others = (address: string) => ClusterNetwork.nodes.filter((node) => node.address !== address).map((node) => url(node.address));
      const host = `lost_host_${suffix}`;
      const viewerB = `lost_viewer_b_${suffix}`;
      // Signed in to the room's own node (found below): its signaling dies with the node, so it always takes the
      // reconnect path (next fallback URL, resume token and room), whichever node the room landed on.
      const viewerR = `lost_viewer_r_${suffix}`;
      const viewers = [viewerB, viewerR];
      for (const page of [host, ...viewers]) {
        await call("open", page);
      }

      await harness(host, "login", url(nodeA.address), sdkAppId, host, sig(host), undefined, [url(nodeB.address), url(nodeC.address)]);
      await harness(viewerB, "login", url(nodeB.address), sdkAppId, viewerB, sig(viewerB), undefined, [url(nodeC.address), url(nodeA.address)]);
      await harness(host, "createRoom", roomId);
      assert.deepEqual(await harness(host, "publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      await harness(viewerB, "joinRoom", roomId, "Guest");
      const decodingHost = (stats: RtcSummary) => stats.inboundVideo.filter((video) => video.userId === host && video.framesDecoded > 0);
      const decoding = (page: string) => until(`${page} decoding the host's camera`, () => harness<RtcSummary>(page, "rtcStats"),
        (stats) => decodingHost(stats).some((video) => video.framesDecoded >= 30), 60_000);
      await decoding(viewerB);
      const roomNode = await mediaNodeOf(host);
      const lost = ClusterNetwork.nodes.findIndex((node) => node.address === roomNode);
      assert.ok(lost >= 0, `the room's media on a node: ${roomNode}`);
      await harness(viewerR, "login", url(roomNode), sdkAppId, viewerR, sig(viewerR), undefined, others(roomNode));
      await harness(viewerR, "joinRoom", roomId, "Guest");
      const oldConnections = new Map<string, Set<number>>();
      for (const viewer of viewers) {
        oldConnections.set(viewer, new Set(decodingHost(await decoding(viewer)).map((video) => video.connection)));
        assert.equal(await mediaNodeOf(viewer), roomNode, `${viewer} reaches the room's one media node`);
      }

      // Which node it was (the room's placement decides): A or B makes the host or viewer B reconnect too.
      t.diagnostic(`the room's node ${roomNode} (${"abc"[lost] ?? "?"}) is killed`);
      fixture().kill(ClusterNetwork.nodes[lost] ?? nodeA);

      // Dead in about 2 s, the room back on a survivor with its media epoch bumped: every page connects its media there.
      for (const page of [host, ...viewers]) {
        const seen = await until(`${page} reconnected its media after the node's loss`, () => harness<FailoverSeen>(page, "failover"),
          (state) => state.mediaReconnected.length > 0 || state.roomEnded, 90_000);
        // mediaRestarts is left out: a page whose dead connection the browser gave up on before the MediaReset came
        // may also have restarted it, which is no failure of the move.
        const { mediaRestarts: _restarts, ...moved } = seen;
        assert.deepEqual({ ...moved, mediaReconnected: [...seen.mediaReconnected] },
          { mediaEpoch: 1, mediaReconnected: [1], roomEnded: false, inRoom: true, connectionState: "connected" }, `${page}: ${JSON.stringify(seen)}`);
      }

      let newNode: string | undefined;
      for (const viewer of viewers) {
        const newVideo = (stats: RtcSummary) => decodingHost(stats).filter((video) => !(oldConnections.get(viewer)?.has(video.connection) ?? false));
        const after = await until(`${viewer} decoding the host's camera on a new connection`, () => harness<RtcSummary>(viewer, "rtcStats"),
          (stats) => newVideo(stats).some((video) => video.framesDecoded >= 30), 90_000);
        const decoded = Math.max(...newVideo(after).map((video) => video.framesDecoded));
        await until(`${viewer} still decoding the host's camera`, () => harness<RtcSummary>(viewer, "rtcStats"),
          (stats) => newVideo(stats).some((video) => video.framesDecoded > decoded), 30_000);
        newNode ??= await mediaNodeOf(viewer);
        assert.equal(await mediaNodeOf(viewer), newNode, `${viewer} plays from the room's new node`);
      }

      assert.notEqual(newNode, roomNode, "the room's media moved off the lost node");
      assert.equal(await mediaNodeOf(host), newNode, "the host publishes to the room's new node");
      for (const page of [host, ...viewers]) {
        const seen = await harness<FailoverSeen>(page, "failover");
        assert.equal(seen.roomEnded, false, `${page}'s room did not end`);
        assert.equal(seen.mediaEpoch, 1, `${page}'s media epoch`);
      }
    });
  });
});
