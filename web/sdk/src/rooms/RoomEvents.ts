import type { TrackSource } from "../media/TrackSource.js";
import type { LiveError } from "../errors/LiveError.js";
import type { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { RemoteTrack, RemoteTrackRemoved } from "../media/RemoteTrack.js";
import type { LiveMember } from "./LiveMember.js";
import type { MemberEventId } from "./MemberEventId.js";
import type { MemberOutReason } from "./MemberOutReason.js";
import type { RoomCounters } from "./RoomCounters.js";
import type { LiveCommand } from "../im/LiveCommand.js";
import type { RoomQuality } from "../media/RoomQuality.js";

/** A member event with iLiveSDK's id (1 IN, 2 OUT, 3-10 media) and the members it names. */
export interface MemberEvent {
  /** What happened (1 IN, 2 OUT; 3-10 a member's camera, audio, screen or media video on or off). */
  readonly eventId: MemberEventId;
  /** The members it happened to. */
  readonly members: readonly LiveMember[];
  /**
   * On OUT events the server pushed: why they left. Undefined on other events, and on OUT events the SDK derives itself
   * (members found gone when a resumed session refreshed its room).
   */
  readonly outReason?: MemberOutReason | undefined;
}

/** A member's role, authority or chat mute changed. */
export interface MemberUpdated {
  /** The member as it is now. */
  readonly member: LiveMember;
}

/** The client is no longer in the room: dismissed by its owner, or disconnected (`error` says why). */
export interface RoomEnded {
  /** True when the owner dismissed the room (iLiveSDK's onGroupDisband). */
  readonly dismissed: boolean;
  /** Why the client lost the room while its session went on (10006 kicked, 8012 the seat was not kept across a reconnect…); undefined when dismissed or when `sessionEnded`. */
  readonly error: LiveError | undefined;
  /**
   * True when the room ended because the session did (forced offline, the ticket expired, reconnecting gave up). The
   * cause is reported once, after this event: in the client's `forceOffline` when the server ended the session (8050,
   * 8051), else in `connectionStateChanged` to "disconnected".
   */
  readonly sessionEnded: boolean;
}

/** A co-host invitation event: who it concerns and, for answers, whether it was accepted. */
export interface CoHostEvent {
  /** The inviter (for invitations and cancellations) or the invitee (for answers). */
  readonly userId: string;
  /** For coHostAnswered: true when accepted. */
  readonly accepted: boolean;
}

/** A message to the room's group arrived. */
export interface RoomMessage {
  /** The message, with its sender. */
  readonly message: ReceivedMessage;
}

/** Something went wrong in the media connections with no call to reject (e.g. a subscriber offer could not be answered). */
export interface MediaError {
  /** What failed, with module and code. */
  readonly error: LiveError;
}

/** A published track ended by itself (the user stopped sharing from the browser's bar, a camera was unplugged). */
export interface LocalTrackEnded {
  /** The source, now unpublished (the others see its NO_* event). */
  readonly source: TrackSource;
}

/**
 * This client's media is connected again: the room's media moved to another node (the node that held it was lost or
 * drained; `mediaEpoch` is higher), or this client's media path died and was restarted (same `mediaEpoch`;
 * {@link LiveRoom.mediaRestarts} counts them). What it published is published again with the same tracks and options, on
 * a new connection.
 * The old subscriber connection's tracks were reported in `remoteTrackRemoved`; the members' tracks arrive again as new
 * `remoteTrack` events as the room's new node offers them (before or after this event).
 */
export interface MediaReconnected {
  /** The room's media epoch now ({@link LiveRoom.mediaEpoch}). */
  readonly mediaEpoch: number;
}

/** The room's likes or viewers changed (pushed at most four times a second). */
export interface CountersChanged {
  /** The counters now. */
  readonly counters: RoomCounters;
  /** Likes since the last change (0 when only the viewers changed): one heart each, for instance. */
  readonly likesAdded: number;
  /** Who sent the last of those likes ("" when none). */
  readonly lastLiker: string;
}

/** A member's custom command (`room.sendCommand`). */
export interface RoomCommand {
  /** Who sent it. */
  readonly sender: string;
  /** The command and its parameter. */
  readonly command: LiveCommand;
}

/** The events of a {@link LiveRoom}. */
export interface LiveRoomEvents {
  /** Member events with iLiveSDK's ids (1 IN, 2 OUT; 3-10 from the media plane). */
  memberEvent: MemberEvent;
  /** A member's role, auth bits or chat mute changed. */
  memberUpdated: MemberUpdated;
  /** The room's likes or viewers changed. */
  countersChanged: CountersChanged;
  /** A message to the room's group arrived. */
  message: RoomMessage;
  /** A member sent a custom command to the room (it is also a `message`). */
  command: RoomCommand;
  /** The client is no longer in the room (not raised when it left on purpose). */
  ended: RoomEnded;
  /** The room's owner invited this member to co-host. */
  coHostInvited: CoHostEvent;
  /** The owner withdrew its invitation. */
  coHostInviteCanceled: CoHostEvent;
  /** (Owner) an invited member answered. */
  coHostAnswered: CoHostEvent;
  /**
   * An invitation's time ran out unanswered (the server closed it): for the invitee `userId` is the owner, for the owner
   * the invitee. It is no longer pending on either side.
   */
  coHostInviteExpired: CoHostEvent;
  /** A member's track arrived on the subscriber connection. */
  remoteTrack: RemoteTrack;
  /** A member's track is no longer received. */
  remoteTrackRemoved: RemoteTrackRemoved;
  /** A media failure no call could report. */
  mediaError: MediaError;
  /** A published track ended by itself and was unpublished. */
  localTrackEnded: LocalTrackEnded;
  /** This client's media is connected again, after the room's media moved to another node or its path was restarted. */
  mediaReconnected: MediaReconnected;
  /**
   * Every `qualityIntervalMs` (default 1000) while in the room: the client's own view of its media (iLiveSDK's
   * qualityParamCallback every timeElapse ms). Not raised after the client left.
   */
  quality: RoomQuality;
}
