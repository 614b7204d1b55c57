import type { CallEnded, IncomingCall } from "../calls/callTypes.js";
import type { LiveError } from "../errors/LiveError.js";
import type { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { LiveRoom } from "../rooms/LiveRoom.js";
import type { RoomEnded } from "../rooms/RoomEvents.js";
import type { ConnectionStateChanged } from "./ConnectionState.js";

/** The server ended the session: 8050 (kicked out by another login or an admin) or 8051 (userSig expired). */
export interface ForceOffline {
  /** The reason, with module and code. */
  readonly reason: LiveError;
}

/** The server sent something the SDK cannot read (8052), or reported an error outside any request. */
export interface ProtocolError {
  /** The error, with module and code. */
  readonly error: LiveError;
}

/** A message arrived (C2C, or the current room's group; live or delivered after login). */
export interface MessageReceived {
  /** The message, with its sender and conversation. */
  readonly message: ReceivedMessage;
}

/** The client lost its room without asking (also raised as the room's `ended`). */
export interface RoomDisconnected extends RoomEnded {
  /** The room the client lost. */
  readonly room: LiveRoom;
}

/** The events of a {@link LiveClient}. */
export interface LiveClientEvents {
  /** The connection state changed. */
  connectionStateChanged: ConnectionStateChanged;
  /** The session was ended by the server: 8050 or 8051. */
  forceOffline: ForceOffline;
  /** A frame the SDK cannot read, or an error outside any request. */
  protocolError: ProtocolError;
  /** A message arrived. */
  message: MessageReceived;
  /** The client lost its room without asking: dismissed, forced offline, kicked, or the seat was not kept. */
  roomDisconnected: RoomDisconnected;
  /** A call invites this user (CallSDK's onNewIncomingCall): pushed while online, or listed at login while it rings. */
  incomingCall: IncomingCall;
  /** A call ended for this user (CallSDK's onCallEnd): a ringing invitation, or the call it was in (also its `ended`). */
  callEnded: CallEnded;
}
