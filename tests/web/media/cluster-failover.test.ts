import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ClusterFixture, nodeUrl } from "./support/clusterFixture.js";
import { ClusterNetwork, type ClusterNode } from "./support/clusterNetns.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { mediaBack, roster, startShow } from "./support/liveShow.js";
import { LoadProcess } from "./support/loadProcess.js";
import { until } from "./support/poll.js";

// Node loss under a live show: three nodes in their own namespaces, a host, a co-host and ten viewers of the .NET SDK
// (`openlive load` in the clients' namespace, spread over the three nodes, each with the other two as fallbacks) sending
// media and chatting. The node hosting the room is killed (SIGKILL); every member must decode the others' video again,
// the room's members, roles and bits must be as before, no one may see the room end, and every chat message the server
// acknowledged — before or after the kill — must be in the room's history exactly once. Then a drain (SIGTERM) and a
// Redis restart under the show, which no node may need a restart for. Needs root.

exitAfterTests();
let cluster: ClusterFixture | undefined;
let load: LoadProcess | undefined;
let late: LoadProcess | undefined; // the Redis test's late joiners

const artifacts = {
  screenshots: async () => [],
  logs: () => `${load?.diagnostics() ?? ""}\n\n${late?.diagnostics() ?? ""}\n\n${cluster?.diagnostics() ?? ""}`,
};

function fixture(): ClusterFixture {
  assert.ok(cluster !== undefined, "the cluster started");
  return cluster;
}

/** Starts again, on fresh data directories, the nodes an earlier test killed or drained, and waits for them. */
async function allNodes(cluster: ClusterFixture): Promise<void> {
  for (const node of ClusterNetwork.nodes.filter((n) => !cluster.isRunning(n))) {
    cluster.startNode(node);
  }

  await cluster.ready();
}

describe("a node's loss under a live show: 1 host, 1 co-host and 10 viewers (.NET SDK) on three nodes", { timeout: 600_000 }, () => {
  before(async () => {
    cluster = await ClusterFixture.start();
    await withFailureArtifacts("cluster-failover-start", artifacts, () => fixture().ready());
  });

  after(async () => {
    load?.kill();
    late?.kill();
    cluster?.destroy();
  });

  it("kill -9 of the room's node: every member plays the others again, the room is as it was, acknowledged messages are in history once", async (t) => {
    await withFailureArtifacts("cluster-failover-kill", artifacts, async () => {
      const cluster = fixture();
      const show = await startShow(cluster, { prefix: `fo${randomBytes(2).toString("hex")}`, viewers: 10, chatInterval: "500ms" });
      load = show.running;
      const { room, sdkAppId, running, members } = show;
      const { hosting: victim, other: survivor, view: before } = await show.roomNode();

      const killedAt = Date.now();
      cluster.kill(victim);
      const backAt = await mediaBack(show, killedAt, 15);
      const times = members.map((user) => (backAt.get(user) ?? 0) - killedAt).sort((x, y) => x - y);
      t.diagnostic(`node ${victim.role} killed; media back per member (ms): ${times.join(", ")}; p50 ${times[Math.floor(times.length / 2)]} max ${times.at(-1)}`);
      assert.deepEqual(running.of("state").filter((line) => line.state === "RoomEnded"), [], "no member saw the room end");

      // The room is back on a surviving node with the same people, roles and bits.
      const afterView = await until("the room on a surviving node", () => show.view(survivor), (room) => room.node !== before.node, 30_000, 500);
      assert.equal(roster(afterView), roster(before));
      assert.ok(afterView.mediaEpoch >= before.mediaEpoch + 1, `media epoch ${before.mediaEpoch} -> ${afterView.mediaEpoch}`);
      assert.ok(Date.parse(afterView.nodeSince ?? "") >= killedAt, `the new node took the room after the kill (${afterView.nodeSince ?? "no nodeSince"})`);
      // The survivor's view of the cluster: the victim declared dead, after the kill.
      const nodes = ((await cluster.admin(survivor, "/cluster")).body as { nodes: Array<{ address: string; status: string; since: string }> }).nodes;
      assert.ok(nodes.some((node) => node.address.includes(`${victim.address}:`) && node.status === "Dead" && Date.parse(node.since) >= killedAt), JSON.stringify(nodes));

      // Chat went on; stop and compare what was acknowledged with the history.
      const allBack = Math.max(...backAt.values());
      await until("every member's chat acknowledged again after the failover", () => new Set(running.of("sent").filter((line) => line.t > allBack && line.acked === true).map((line) => line.user)).size,
        (senders) => senders === members.length, 30_000, 250);
      assert.equal(await running.stop(), 0, running.diagnostics());
      load = undefined;
      const acked = running.of("sent").filter((line) => line.acked === true).map((line) => `${line.user ?? ""}#${line.seq ?? 0}`);
      const history: string[] = [];
      let beforeSeq = 0;
      for (;;) {
        const page = await cluster.admin(survivor, `/apps/${sdkAppId}/messages?group=${room}&count=500${beforeSeq > 0 ? `&before=${beforeSeq}` : ""}`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        const messages = page.body as Array<{ seq: number; text: string | null }>;
        history.push(...messages.map((message) => message.text ?? ""));
        if (messages.length < 500) {
          break;
        }

        beforeSeq = Math.min(...messages.map((message) => message.seq));
      }

      const counts = new Map<string, number>();
      for (const text of history) {
        counts.set(text, (counts.get(text) ?? 0) + 1);
      }

      const missing = acked.filter((text) => !counts.has(text));
      const doubled = [...counts.entries()].filter(([, count]) => count > 1).map(([text]) => text);
      assert.deepEqual(missing, [], `acknowledged but not in history (${acked.length} acknowledged)`);
      assert.deepEqual(doubled, [], "in history more than once");
      t.diagnostic(`${acked.length} messages acknowledged, all in history once`);
    });
  });

  it("SIGTERM drains the room's node: the room moves, every member plays the others again, no one sees the room end", async (t) => {
    await withFailureArtifacts("cluster-failover-drain", artifacts, async () => {
      const cluster = fixture();
      await allNodes(cluster); // the first test's victim, back on a fresh data directory

      const show = await startShow(cluster, { prefix: `dr${randomBytes(2).toString("hex")}`, viewers: 4 });
      load = show.running;
      const { running } = show;
      const { hosting: drained, other: survivor, view: before } = await show.roomNode();
      const drainedAt = Date.now();
      await cluster.drain(drained);
      await mediaBack(show, drainedAt, 15);
      assert.deepEqual(running.of("state").filter((line) => line.state === "RoomEnded"), [], "no member saw the room end");
      const afterView = await until("the room on another node", () => show.view(survivor), (room) => room.node !== before.node, 30_000, 500);
      assert.equal(roster(afterView), roster(before));
      t.diagnostic(`node ${drained.role} drained; the room moved with ${afterView.members.length} members, media epoch ${afterView.mediaEpoch}`);
      assert.equal(await running.stop(), 0, running.diagnostics());
      load = undefined;
    });
  });
  it("Redis killed under the show and back 3 s later on its files: no node restarts, media goes on, chat, logins and joins work again on every node", async (t) => {
    await withFailureArtifacts("cluster-failover-redis", artifacts, async () => {
      const cluster = fixture();
      await allNodes(cluster); // the drained node, back
      const nodeIds = await Promise.all(ClusterNetwork.nodes.map((node) => cluster.nodeId(node)));
      const show = await startShow(cluster, { prefix: `rd${randomBytes(2).toString("hex")}`, viewers: 4, chatInterval: "500ms" });
      load = show.running;
      const { running, members } = show;

      const downAt = Date.now();
      await cluster.redis.restart(3000);
      await cluster.redis.ready(cluster.namespaces, "d");
      const upAt = Date.now();
      // Media does not go through Redis: every member went on decoding while it was away.
      const playing = await mediaBack(show, downAt, 15);
      assert.ok([...playing.values()].every((t) => t <= upAt + 1000), `decoding went on while Redis was down (${downAt}..${upAt}): ${JSON.stringify([...playing])}`);

      // Every member's chat is acknowledged again; no node restarted (the same ids answer, from the same processes).
      await until("every member's chat acknowledged after Redis is back", () => new Set(running.of("sent").filter((line) => line.t > upAt && line.acked === true).map((line) => line.user)).size,
        (senders) => senders === members.length, 30_000, 250);
      assert.deepEqual(await Promise.all(ClusterNetwork.nodes.map((node) => cluster.nodeId(node))), nodeIds, "every node still runs, not restarted");
      assert.deepEqual(running.of("state").filter((line) => line.state === "RoomEnded"), [], "no member saw the room end");

      // Logins (apps are in Redis) and joins (the room's state is written to Redis) work through every node.
      const { sdkAppId, key } = cluster.devApp();
      const prefix = `rl${randomBytes(2).toString("hex")}`;
      late = LoadProcess.start(cluster.namespaces, "k", {
        room: show.room, appId: sdkAppId, key, userPrefix: prefix, mediaAddress: ClusterNetwork.client,
        members: ClusterNetwork.nodes.map((node) => `viewer@${nodeUrl(node)}`),
      });
      const latecomers = [1, 2, 3].map((i) => `${prefix}_viewer${i}`);
      await until("the late viewers (one per node) decoding both cameras", () => latecomers.map((user) => late?.cameraFrames(user) ?? new Map<string, number>()),
        (frames) => frames.every((byPublisher) => show.publishersSeenBy("").every((p) => (byPublisher.get(p) ?? 0) >= 15)), 60_000, 500);
      const room = await show.view(ClusterNetwork.nodes[0]);
      assert.deepEqual(room.members.map((m) => m.userId).sort(), [...members, ...latecomers].sort());
      t.diagnostic(`Redis down ${upAt - downAt} ms; chat acknowledged again on all ${members.length} members; ${latecomers.length} late viewers joined through nodes a, b and c`);
      assert.equal(await late.stop(), 0, late.diagnostics());
      late = undefined;
      assert.equal(await running.stop(), 0, running.diagnostics());
      load = undefined;
    });
  });
});
