import type { RoomId } from "../gen/protocol.js";
import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { LiveRoomId } from "./LiveRoomId.js";

/** The wire form of a room id, or 8021 for ids that cannot be one (8005 for null/undefined). */
export function roomIdToWire(id: LiveRoomId): { id: { case: "number"; value: number } | { case: "text"; value: string } } {
  if (id === null || id === undefined) {
    throw LiveError.iLive(ILiveErrorCode.NullPointer, "the room id is null");
  }

  if (typeof id === "number") {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, `room id ${id} is not a room: numeric ids are integers from 1 to 4294967295`);
    }

    return { id: { case: "number", value: id } };
  }

  if (typeof id !== "string" || id.length === 0) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "the room id is empty");
  }

  return { id: { case: "text", value: id } };
}

/** The SDK's form of a wire room id. */
export function roomIdFromWire(id: RoomId | undefined): LiveRoomId {
  switch (id?.id.case) {
    case "number":
      return id.id.value;
    case "text":
      return id.id.value;
    default:
      return 0;
  }
}

/** True when a wire room id names `id` (a numeric and a string id never match). */
export function sameRoom(id: LiveRoomId, wire: RoomId | undefined): boolean {
  return roomIdFromWire(wire) === id;
}
