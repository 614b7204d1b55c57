import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type ClusterFixture, nodeUrl } from "./clusterFixture.js";
import { ClusterNetwork, type ClusterNode } from "./clusterNetns.js";
import { LoadProcess } from "./loadProcess.js";
import { until } from "./poll.js";

// A live show of `openlive load` members (the .NET SDK with media) spread over a ClusterFixture's three nodes: the
// cluster-failover test's show and the failover benchmark's (benchmarks/failover.sh).

const [nodeA, nodeB, nodeC] = ClusterNetwork.nodes;
const urls = (...nodes: ClusterNode[]): string => nodes.map(nodeUrl).join(",");

/** A room as the admin API shows it. */
export interface RoomView {
  readonly owner: string;
  readonly node: string;
  readonly nodeSince?: string;
  readonly mediaEpoch: number;
  readonly members: ReadonlyArray<{ readonly userId: string; readonly role: string; readonly authBits: number }>;
}

/** Who is in the room with which role and bits (sorted), and its owner. */
export function roster(room: RoomView): string {
  return `${room.owner}: ${[...room.members].sort((x, y) => x.userId.localeCompare(y.userId)).map((m) => `${m.userId}/${m.role}/${m.authBits}`).join(", ")}`;
}

/** A live show of `openlive load` members spread over the three nodes (each with the other two as fallbacks). */
export interface LiveShow {
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

/** What the show runs: its user prefix, viewers, chat interval and how often members report their frames. */
export interface LiveShowOptions {
  readonly prefix: string;
  readonly viewers: number;
  readonly chatInterval?: string;
  readonly reportInterval?: string;
}

/** Starts the show (a host, a co-host, `viewers` viewers) and waits until every member decodes the publishers' cameras. */
export async function startShow(cluster: ClusterFixture, options: LiveShowOptions): Promise<LiveShow> {
  const { prefix, viewers } = options;
  const room = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
  const { sdkAppId, key } = cluster.devApp();
  const running = LoadProcess.start(cluster.namespaces, "k", {
    room, appId: sdkAppId, key, userPrefix: prefix, mediaAddress: ClusterNetwork.client,
    ...(options.chatInterval === undefined ? {} : { chatInterval: options.chatInterval }),
    ...(options.reportInterval === undefined ? {} : { reportInterval: options.reportInterval }),
    members: [`host@${urls(nodeA, nodeB, nodeC)}`, `cohost@${urls(nodeB, nodeC, nodeA)}`, `viewer*${viewers}@${urls(nodeC, nodeA, nodeB)}`],
  });
  const host = `${prefix}_host`;
  const cohost = `${prefix}_cohost1`;
  const members = [host, cohost, ...Array.from({ length: viewers }, (_, i) => `${prefix}_viewer${i + 1}`)];
  const publishersSeenBy = (user: string): string[] => [host, cohost].filter((publisher) => publisher !== user);
  try {
    await until(`all ${members.length} members decoding the host's and co-host's cameras`, () => members.map((user) => running.cameraFrames(user)),
      (frames) => frames.every((byPublisher, i) => publishersSeenBy(members[i] ?? "").every((p) => (byPublisher.get(p) ?? 0) >= 30)), 120_000, 500);
  } catch (error) {
    running.kill();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${running.diagnostics()}`);
  }

  const view = async (node: ClusterNode): Promise<RoomView> => {
    const answer = await cluster.admin(node, `/apps/${sdkAppId}/rooms/${room}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as RoomView;
  };
  return {
    room, sdkAppId, running, members, publishersSeenBy, view,
    async roomNode() {
      const nodes = ClusterNetwork.nodes.filter((node) => cluster.isRunning(node));
      const current = await view(nodes[0] ?? nodeA);
      const nodeIds = await Promise.all(nodes.map((node) => cluster.nodeId(node)));
      const hosting = nodes[nodeIds.indexOf(current.node)];
      assert.ok(hosting !== undefined, `the room's node ${current.node} is one of ${nodeIds.join(", ")}`);
      return { hosting, other: nodes.find((node) => node !== hosting) ?? nodeA, view: current };
    },
  };
}

/**
 * When each member's camera frames from every publisher it receives had grown by `frames` past their count at
 * `baselineAt` (Unix ms; the last frames line at or before it), by the first later frames line that shows it.
 */
export async function mediaBack(show: LiveShow, baselineAt: number, frames: number, timeoutMs = 60_000): Promise<Map<string, number>> {
  const countsAt = (user: string): Map<string, number> => {
    const line = show.running.of("frames", user).filter((l) => l.t <= baselineAt).at(-1);
    return new Map((line?.tracks ?? []).filter((track) => track.source === "camera").map((track) => [track.from, track.frames]));
  };
  const backAt = new Map<string, number>();
  await until("every member decoding the publishers' cameras again", () => {
    for (const user of show.members.filter((member) => !backAt.has(member))) {
      const then = countsAt(user);
      const line = show.running.of("frames", user).find((l) => l.t > baselineAt
        && show.publishersSeenBy(user).every((p) => (l.tracks?.find((track) => track.from === p && track.source === "camera")?.frames ?? 0) >= (then.get(p) ?? 0) + frames));
      if (line !== undefined) {
        backAt.set(user, line.t);
      }
    }

    return backAt.size;
  }, (count) => count === show.members.length, timeoutMs, 200);
  return backAt;
}
