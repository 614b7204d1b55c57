import type { CallEvent, Message as WireMessage, ServerFrame } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { LiveRoom } from "../rooms/LiveRoom.js";
import type { ServerBodyValue } from "../signaling/frames.js";

/** What a push acts on: the client's session and its current room. */
export interface PushTarget {
  /** The server ended the session (8050 another login, 8051 the userSig expired, an admin kick…). */
  forceOffline(reason: LiveError): void;
  message(message: WireMessage): void;
  /** The current room when the push is about it (pushes for a room already left are dropped). */
  roomFor(roomId: ServerBodyValue<"room">["roomId"]): LiveRoom | undefined;
  /** The current room, whatever the push says (subscriber offers name none). */
  currentRoom(): LiveRoom | undefined;
  loseRoom(room: LiveRoom, dismissed: boolean, error: LiveError | undefined): void;
  /** A call event (an invitation, the call established, a member's state, an end). */
  callEvent(event: CallEvent): void;
  protocolError(error: LiveError): void;
}

/** Hands one server push to what it is about. Answers that came after their request timed out and heartbeat acks are ignored. */
export function routePush(frame: ServerFrame, target: PushTarget): void {
  const body = frame.body;
  switch (body.case) {
    case "forceOffline":
      target.forceOffline(body.value.reason === undefined
        ? LiveError.iLive(ILiveErrorCode.KickOut, "the server ended the session")
        : LiveError.fromWire(body.value.reason));
      break;
    case "message":
      target.message(body.value);
      break;
    case "memberEvent":
      target.roomFor(body.value.roomId)?.handleMemberEvent(body.value);
      break;
    case "memberUpdated":
      target.roomFor(body.value.roomId)?.handleMemberUpdated(body.value);
      break;
    case "roomCounters":
      target.roomFor(body.value.roomId)?.handleCounters(body.value);
      break;
    case "roomDisbanded": {
      const room = target.roomFor(body.value.roomId);
      if (room !== undefined) {
        target.loseRoom(room, true, undefined);
      }

      break;
    }
    case "roomDisconnected": {
      const room = target.roomFor(body.value.roomId);
      if (room !== undefined) {
        target.loseRoom(room, false, body.value.reason === undefined
          ? LiveError.av(AVErrorCode.ServerIdNotInRoom, "removed from the room")
          : LiveError.fromWire(body.value.reason));
      }

      break;
    }
    case "mediaReset":
      target.roomFor(body.value.roomId)?.handleMediaReset(body.value.mediaEpoch);
      break;
    case "subscriberOffer":
      target.currentRoom()?.handleSubscriberOffer(body.value);
      break;
    case "callEvent":
      target.callEvent(body.value);
      break;
    case undefined:
      if (frame.error !== undefined) {
        target.protocolError(LiveError.fromWire(frame.error));
      }

      break;
    default:
      break;
  }
}
