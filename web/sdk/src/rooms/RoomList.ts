import type { RoomList as WireRoomList, RoomSummary as WireRoomSummary } from "../gen/protocol.js";
import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { LiveRoomId } from "./LiveRoomId.js";
import { countersFromWire, noCounters, type RoomCounters } from "./RoomCounters.js";
import { roomIdFromWire } from "./roomIdWire.js";

/** A room going on now, as {@link LiveClient.listRooms} lists it (for a lobby). */
export interface RoomSummary {
  /** The room, to join with `joinRoom`. */
  readonly id: LiveRoomId;
  /** Its owner (the host). */
  readonly ownerUserId: string;
  /** Members present, the owner included. */
  readonly members: number;
  /** Its likes and viewers, as its members see them. */
  readonly counters: RoomCounters;
  /** When the owner entered. */
  readonly startedAt: Date;
  /** Whether the owner's camera is on now. */
  readonly ownerCameraOn: boolean;
}

/** A page of the app's rooms going on now, newest first. */
export interface RoomList {
  /** The rooms of this page. */
  readonly rooms: readonly RoomSummary[];
  /** How many rooms the app has going on now (for paging with the offset). */
  readonly total: number;
}

/** What {@link LiveClient.listRooms} lists. */
export interface ListRoomsOptions {
  /** How many rooms: 1 to {@link maxRoomsPerList} (default 20). */
  readonly limit?: number;
  /** How many of the newest to skip (default 0): the next page starts at the previous offset + limit. */
  readonly offset?: number;
}

/** Most rooms one `listRooms` returns. */
export const maxRoomsPerList = 100;

/** @internal The request's fields, or 8021 for a limit outside 1..100 or an offset that is not a whole number ≥ 0. */
export function listRoomsRequest(options: ListRoomsOptions | undefined): { limit: number; offset: number } {
  const limit = options?.limit ?? 20;
  const offset = options?.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxRoomsPerList || !Number.isInteger(offset) || offset < 0 || offset > 0xffff_ffff) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `list 1-${maxRoomsPerList} rooms from an offset of 0 or more`);
  }

  return { limit, offset };
}

/** @internal */
export function roomListFromWire(wire: WireRoomList): RoomList {
  return { rooms: wire.rooms.map(summaryFromWire), total: wire.total };
}

function summaryFromWire(wire: WireRoomSummary): RoomSummary {
  return {
    id: roomIdFromWire(wire.roomId),
    ownerUserId: wire.ownerUserId,
    members: wire.members,
    counters: wire.counters === undefined ? noCounters : countersFromWire(wire.counters),
    startedAt: new Date(Number(wire.startedAtMs)),
    ownerCameraOn: wire.ownerCameraOn,
  };
}
