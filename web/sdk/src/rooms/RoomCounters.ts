import type { RoomCounters as WireRoomCounters } from "../gen/protocol.js";

/** A room's counters, kept by the server so every member sees the same (a late joiner too). */
export interface RoomCounters {
  /** Likes sent in the room since it was created. */
  readonly likes: number;
  /** Members present other than the room's owner (co-hosts count). */
  readonly viewers: number;
}

/** Most likes one `sendLikes` may carry. */
export const maxLikesPerRequest = 100;

/** @internal Before the server said anything. */
export const noCounters: RoomCounters = { likes: 0, viewers: 0 };

/** @internal The wire's counters (uint64 likes; beyond 2^53 they stay at the largest exact number). */
export function countersFromWire(wire: WireRoomCounters): RoomCounters {
  const likes = wire.likes > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(wire.likes);
  return { likes, viewers: wire.viewers };
}
