import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { withFailureArtifacts } from "./support/artifacts.js";
import { ClusterFixture, nodeUrl } from "./support/clusterFixture.js";
import { ClusterNetwork, type ClusterNode } from "./support/clusterNetns.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { LoadProcess } from "./support/loadProcess.js";
import { until } from "./support/poll.js";

// Node loss under a live show: three nodes in their own namespaces, a host, a co-host and ten viewers of the .NET SDK
// (`openlive load` in the clients' namespace, spread over the three nodes, each with the other two as fallbacks) sending
// media and chatting. The node hosting the room is killed (SIGKILL); every member must decode the others' video again,
// the room's members, roles and bits must be as before, no one may see the room end, and every chat message the server
// acknowledged — before or after the kill — must be in the room's history exactly once. Needs root.

exitAfterTests();
const [nodeA, nodeB, nodeC] = ClusterNetwork.nodes;
const urls = (...nodes: ClusterNode[]): string => nodes.map(nodeUrl).join(",");

let cluster: ClusterFixture | undefined;
let load: LoadProcess | undefined;
let killed: ClusterNode | undefined; // the node the first test killed, started again by the second

const artifacts = {
  screenshots: async () => [],
  logs: () => `${load?.diagnostics() ?? ""}\n\n${cluster?.diagnostics() ?? ""}`,
};

function fixture(): ClusterFixture {
  assert.ok(cluster !== undefined, "the cluster started");
  return cluster;
}

interface RoomView {
  readonly owner: string;
  readonly node: string;
  readonly mediaEpoch: number;
  readonly members: ReadonlyArray<{ readonly userId: string; readonly role: string; readonly authBits: number }>;
}

/** Who is in the room with which role and bits (sorted), and its owner. */
function roster(room: RoomView): string {
  return `${room.owner}: ${[...room.members].sort((x, y) => x.userId.localeCompare(y.userId)).map((m) => `${m.userId}/${m.role}/${m.authBits}`).join(", ")}`;
}

/** A live show of `openlive load` members spread over the three nodes (each with the other two as fallbacks). */
interface LiveShow {
  readonly room: number;
  readonly sdkAppId: number;
  readonly running: LoadProcess;
  readonly members: readonly string[];
  /** The publishers (host, co-host) whose camera `user` receives. */
  publishersSeenBy(user: string): string[];
  /** The room as a node's admin API shows it. */
  view(node: ClusterNode): Promise<RoomView>;
  /** The node hosting the room, and another one. */
  roomNode(): Promise<{ readonly hosting: ClusterNode; readonly other: ClusterNode; readonly view: RoomView }>;
}

/** Starts the show (a host, a co-host, `viewers` viewers) and waits until every member decodes the publishers' cameras. */
async function startShow(cluster: ClusterFixture, prefix: string, viewers: number, chatInterval?: string): Promise<LiveShow> {
  const room = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
  const { sdkAppId, key } = cluster.devApp();
  const running = LoadProcess.start(cluster.namespaces, "k", {
    room, appId: sdkAppId, key, userPrefix: prefix, mediaAddress: ClusterNetwork.client, ...(chatInterval === undefined ? {} : { chatInterval }),
    members: [`host@${urls(nodeA, nodeB, nodeC)}`, `cohost@${urls(nodeB, nodeC, nodeA)}`, `viewer*${viewers}@${urls(nodeC, nodeA, nodeB)}`],
  });
  load = running;
  const host = `${prefix}_host`;
  const cohost = `${prefix}_cohost1`;
  const members = [host, cohost, ...Array.from({ length: viewers }, (_, i) => `${prefix}_viewer${i + 1}`)];
  const publishersSeenBy = (user: string): string[] => [host, cohost].filter((publisher) => publisher !== user);
  await until(`all ${members.length} members decoding the host's and co-host's cameras`, () => members.map((user) => running.cameraFrames(user)),
    (frames) => frames.every((byPublisher, i) => publishersSeenBy(members[i] ?? "").every((p) => (byPublisher.get(p) ?? 0) >= 30)), 120_000, 500);
  const view = async (node: ClusterNode): Promise<RoomView> => {
    const answer = await cluster.admin(node, `/apps/${sdkAppId}/rooms/${room}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as RoomView;
  };
  return {
    room, sdkAppId, running, members, publishersSeenBy, view,
    async roomNode() {
      const current = await view(nodeA);
      const nodeIds = await Promise.all(ClusterNetwork.nodes.map((node) => cluster.nodeId(node)));
      const hosting = ClusterNetwork.nodes[nodeIds.indexOf(current.node)];
      assert.ok(hosting !== undefined, `the room's node ${current.node} is one of ${nodeIds.join(", ")}`);
      return { hosting, other: ClusterNetwork.nodes.find((node) => node !== hosting) ?? nodeA, view: current };
    },
  };
}

/**
 * When each member's camera frames from every publisher it receives had grown by a second's worth (15 frames) past
 * `since`, by the first `frames` line that shows it: the member decodes them again.
 */
async function mediaBack(show: LiveShow, since: number): Promise<Map<string, number>> {
  const framesThen = new Map(show.members.map((user) => [user, show.running.cameraFrames(user)]));
  const backAt = new Map<string, number>();
  await until("every member decoding the publishers' cameras again", () => {
    for (const user of show.members.filter((member) => !backAt.has(member))) {
      const line = show.running.of("frames", user).find((frames) => frames.t > since
        && show.publishersSeenBy(user).every((p) => (frames.tracks?.find((track) => track.from === p && track.source === "camera")?.frames ?? 0) >= (framesThen.get(user)?.get(p) ?? 0) + 15));
      if (line !== undefined) {
        backAt.set(user, line.t);
      }
    }

    return backAt.size;
  }, (count) => count === show.members.length, 60_000, 500);
  return backAt;
}

describe("a node's loss under a live show: 1 host, 1 co-host and 10 viewers (.NET SDK) on three nodes", { timeout: 600_000 }, () => {
  before(async () => {
    cluster = await ClusterFixture.start();
    await withFailureArtifacts("cluster-failover-start", artifacts, () => fixture().ready());
  });

  after(async () => {
    load?.kill();
    cluster?.destroy();
  });

  it("kill -9 of the room's node: every member plays the others again, the room is as it was, acknowledged messages are in history once", async (t) => {
    await withFailureArtifacts("cluster-failover-kill", artifacts, async () => {
      const cluster = fixture();
      const show = await startShow(cluster, `fo${randomBytes(2).toString("hex")}`, 10, "500ms");
      const { room, sdkAppId, running, members } = show;
      const { hosting: victim, other: survivor, view: before } = await show.roomNode();

      const killedAt = Date.now();
      cluster.kill(victim);
      killed = victim;
      const backAt = await mediaBack(show, killedAt);
      const times = members.map((user) => (backAt.get(user) ?? 0) - killedAt).sort((x, y) => x - y);
      t.diagnostic(`node ${victim.role} killed; media back per member (ms): ${times.join(", ")}; p50 ${times[Math.floor(times.length / 2)]} max ${times.at(-1)}`);
      assert.deepEqual(running.of("state").filter((line) => line.state === "RoomEnded"), [], "no member saw the room end");

      // The room is back on a surviving node with the same people, roles and bits.
      const afterView = await until("the room on a surviving node", () => show.view(survivor), (room) => room.node !== before.node, 30_000, 500);
      assert.equal(roster(afterView), roster(before));
      assert.ok(afterView.mediaEpoch >= before.mediaEpoch + 1, `media epoch ${before.mediaEpoch} -> ${afterView.mediaEpoch}`);

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
      if (killed !== undefined) {
        cluster.startNode(killed); // the first test's victim, back on a fresh data directory
        await cluster.ready();
      }

      const show = await startShow(cluster, `dr${randomBytes(2).toString("hex")}`, 4);
      const { running } = show;
      const { hosting: drained, other: survivor, view: before } = await show.roomNode();
      const drainedAt = Date.now();
      await cluster.drain(drained);
      await mediaBack(show, drainedAt);
      assert.deepEqual(running.of("state").filter((line) => line.state === "RoomEnded"), [], "no member saw the room end");
      const afterView = await until("the room on another node", () => show.view(survivor), (room) => room.node !== before.node, 30_000, 500);
      assert.equal(roster(afterView), roster(before));
      t.diagnostic(`node ${drained.role} drained; the room moved with ${afterView.members.length} members, media epoch ${afterView.mediaEpoch}`);
      assert.equal(await running.stop(), 0, running.diagnostics());
      load = undefined;
    });
  });
});
