import { TypedEmitter } from "../events/TypedEmitter.js";
import type { CallState } from "../gen/protocol.js";
import type { LiveRoom } from "../rooms/LiveRoom.js";
import { CallMemberState, type CallEnded, type CallType, type LiveCallEvents, type LiveCallMember } from "./callTypes.js";
import { callMemberFromWire } from "./callWire.js";

/** What a call needs from its client: the requests that act on it. */
export interface CallActions {
  hangUp(call: LiveCall, cancel: boolean): Promise<void>;
  invite(call: LiveCall, userIds: readonly string[]): Promise<void>;
}

/**
 * A call this client takes part in (CallSDK's call after makeCall / acceptCall). A call is a room of its own: `room`
 * publishes and subscribes as any room does, and its member events come from there; the call adds who is invited, who
 * answered, and how it ends.
 */
export class LiveCall extends TypedEmitter<LiveCallEvents> {
  /** The call's id, as the server assigned it (what `acceptCall`, `refuseCall` and call events name). */
  readonly callId: bigint;
  /** Audio or video, as the sponsor made it. */
  readonly type: CallType;
  /** Who made the call. */
  readonly sponsorId: string;
  /** Whether the call was made as a group call (members can be added to it with `invite`). */
  readonly isGroup: boolean;
  /** The call's room: publish, subscribe, member events. */
  readonly room: LiveRoom;
  readonly #actions: CallActions;
  #members: Map<string, LiveCallMember>;
  #established: boolean;
  #endReason: CallEnded | undefined;

  /** @internal */
  constructor(actions: CallActions, state: CallState, room: LiveRoom) {
    super();
    this.#actions = actions;
    this.callId = state.callId;
    this.type = state.callType as CallType;
    this.sponsorId = state.sponsorUserId;
    this.isGroup = state.group;
    this.room = room;
    this.#members = new Map(state.members.map((m) => [m.userId, callMemberFromWire(m)]));
    this.#established = [...this.#members.values()].filter((m) => m.state === CallMemberState.InCall).length >= 2;
  }

  /** Whether someone besides the sponsor has answered. */
  get isEstablished(): boolean {
    return this.#established;
  }

  /** Why the call ended, once it has. */
  get endReason(): CallEnded | undefined {
    return this.#endReason;
  }

  /** Everyone in the call or invited to it, with their states. */
  get members(): readonly LiveCallMember[] {
    return [...this.#members.values()];
  }

  /** Leaves the call (CallSDK's endCall); the sponsor hanging up before anyone answered cancels. 8008 when no longer in it. */
  hangUp(): Promise<void> {
    return this.#actions.hangUp(this, false);
  }

  /** The sponsor cancels while nobody has answered (8008 once answered: hang up instead). */
  cancel(): Promise<void> {
    return this.#actions.hangUp(this, true);
  }

  /** Invites more users into a group call (1801 a user already invited or in it; 8008 not a group call). */
  invite(userIds: readonly string[]): Promise<void> {
    return this.#actions.invite(this, userIds);
  }

  /** @internal */
  handleEstablished(members: readonly LiveCallMember[]): void {
    this.handleMembers(members);
    if (!this.#established) {
      this.#established = true;
      this.emit("established", {});
    }
  }

  /** @internal */
  handleMember(member: LiveCallMember): void {
    this.#members.set(member.userId, member);
    this.emit("memberChanged", { member });
  }

  /** @internal */
  handleMembers(members: readonly LiveCallMember[]): void {
    this.#members = new Map(members.map((m) => [m.userId, m]));
  }

  /** @internal Ends the call once (the first reason wins); false when it had ended already. */
  end(reason: CallEnded): boolean {
    if (this.#endReason !== undefined) {
      return false;
    }

    this.#endReason = reason;
    this.emit("ended", reason);
    return true;
  }
}
