import type { CallEvent, CallInvitation, CallState } from "../gen/protocol.js";
import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { RoomSlot } from "../client/RoomSlot.js";
import type { ClientBody, ServerBodyCase, ServerBodyValue } from "../signaling/frames.js";
import { CallEndCode, CallType, type CallEnded, type LiveCallInvitation, type LiveCallOptions } from "./callTypes.js";
import { callMemberFromWire, ended, invitationFromWire } from "./callWire.js";
import { LiveCall } from "./LiveCall.js";

/** What the calls need from their client. */
export interface CallHost {
  readonly rooms: RoomSlot;
  request<C extends ServerBodyCase, R = ServerBodyValue<C>>(body: ClientBody, expected: C, apply?: (value: ServerBodyValue<C>) => R): Promise<R>;
  /** Usable, logged in, no device test running (a call enters a room). */
  ensureCanEnter(): void;
  userId(): string | undefined;
  incoming(invitation: LiveCallInvitation): void;
  ended(reason: CallEnded): void;
}

/**
 * The client's calls (iLiveSDK's CallSDK), thin over rooms: making or accepting a call enters the call's room (adopted
 * from the answer, before any later push is read), which then works as any room. Holds the call the client is in and
 * the invitations ringing for it.
 */
export class CallSlot {
  readonly #host: CallHost;
  readonly #ringing = new Map<bigint, LiveCallInvitation>();
  #current: LiveCall | undefined;

  constructor(host: CallHost) {
    this.#host = host;
  }

  get current(): LiveCall | undefined {
    return this.#current;
  }

  get ringing(): readonly LiveCallInvitation[] {
    return [...this.#ringing.values()];
  }

  make(userIds: readonly string[], options: LiveCallOptions, group: boolean): Promise<LiveCall> {
    if (userIds.length === 0 || userIds.some((id) => typeof id !== "string" || id.length === 0)) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, "a call names at least one user, and no empty user id");
    }

    const type = options.type ?? CallType.Video;
    const timeout = options.ringTimeoutSeconds;
    if ((type !== CallType.Audio && type !== CallType.Video) || (timeout !== undefined && !(timeout >= 1 && timeout <= 120))) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, "the call type is CallType.Audio or CallType.Video, and the ring timeout 1-120 s");
    }

    const value = {
      inviteeUserIds: [...userIds],
      callType: type,
      tips: options.tips ?? "",
      customData: options.customData ?? new Uint8Array(),
      timeoutSeconds: timeout === undefined ? 0 : Math.ceil(timeout),
      group,
    };
    return this.#enter({ case: "makeCall", value });
  }

  async accept(callId: bigint): Promise<LiveCall> {
    try {
      const call = await this.#enter({ case: "acceptCall", value: { callId } });
      this.#ringing.delete(callId);
      return call;
    } catch (error) {
      this.#forgetIfVanished(callId, error, AVErrorCode.AcceptFailed);
      if (error instanceof LiveError && (error.is("AVSDK", AVErrorCode.Timeout) || error.is("ILiveSDK", ILiveErrorCode.NetUndefine)) && this.#ringing.delete(callId)) {
        // No answer: whether the server took the accept is unknown, so the call could not be set up here (101). A
        // taken seat ends on the server when this session does not come back to it (the others get 6).
        this.#host.ended(ended(callId, CallEndCode.Failed, error.message, undefined));
      }

      throw error;
    }
  }

  async refuse(callId: bigint): Promise<void> {
    try {
      await this.#host.request({ case: "refuseCall", value: { callId } }, "ok");
      this.#ringing.delete(callId);
    } catch (error) {
      this.#forgetIfVanished(callId, error, AVErrorCode.RefuseFailed);
      throw error;
    }
  }

  /**
   * The server says an invitation still ringing here does not exist (its end crossed the app's answer): it ends here
   * with 100 (ERR_CALL_NOT_EXIST), so the app's ringing UI closes.
   */
  #forgetIfVanished(callId: bigint, error: unknown, code: number): void {
    if (error instanceof LiveError && error.is("AVSDK", code) && this.#ringing.delete(callId)) {
      this.#host.ended(ended(callId, CallEndCode.NotExist, error.message, undefined));
    }
  }

  async hangUp(call: LiveCall, cancel: boolean): Promise<void> {
    const body: ClientBody = cancel ? { case: "cancelCall", value: { callId: call.callId } } : { case: "hangUpCall", value: { callId: call.callId } };
    await this.#host.request(body, "ok");
    const self = this.#host.userId();
    const code = cancel || (!call.isEstablished && call.sponsorId === self) ? CallEndCode.SponsorCancel : CallEndCode.Hangup;
    this.#leave(call, ended(call.callId, code, cancel ? "cancelled" : "hung up", self));
  }

  async invite(call: LiveCall, userIds: readonly string[]): Promise<void> {
    const state = await this.#host.request({ case: "inviteToCall", value: { callId: call.callId, userIds: [...userIds] } }, "call");
    call.handleMembers(state.members.map(callMemberFromWire));
  }

  /** A call push: an invitation, the call established, a member's state, or an end (of the call or of a ringing invitation). */
  handle(push: CallEvent): void {
    const current = this.#current?.callId === push.callId ? this.#current : undefined;
    const event = push.event;
    switch (event.case) {
      case "incoming":
        this.ring(event.value);
        break;
      case "established":
        current?.handleEstablished(event.value.members.map(callMemberFromWire));
        break;
      case "member":
        current?.handleMember(callMemberFromWire(event.value));
        break;
      case "ended": {
        const reason = ended(push.callId, event.value.code, event.value.info, event.value.byUserId);
        if (current !== undefined) {
          this.#leave(current, reason);
        } else if (this.#ringing.delete(push.callId)) {
          this.#host.ended(reason);
        }

        break;
      }
      default:
        break;
    }
  }

  /** Takes an invitation (pushed, or listed at login) and tells the app, once per call. */
  ring(invitation: CallInvitation): void {
    if (this.#ringing.has(invitation.callId)) {
      return;
    }

    const ringing = invitationFromWire(invitation);
    this.#ringing.set(invitation.callId, ringing);
    this.#host.incoming(ringing);
  }

  /**
   * After a resume: the server's list of ringing invitations is the truth. One ringing here but not there ended while
   * the connection was down (its end went to the lost connection), so it ends here with 100 (ERR_CALL_NOT_EXIST) —
   * otherwise the app would ring until the user answered. New ones ring through the login's list as usual.
   */
  forgetVanished(stillRinging: readonly CallInvitation[]): void {
    const kept = new Set(stillRinging.map((invitation) => invitation.callId));
    for (const callId of [...this.#ringing.keys()]) {
      if (!kept.has(callId)) {
        this.#ringing.delete(callId);
        this.#host.ended(ended(callId, CallEndCode.NotExist, "the call ended while the connection was down", undefined));
      }
    }
  }

  /** After a resume: the call's room did not keep the seat, so the call is over here (6). */
  lost(why: string, code: CallEndCode = CallEndCode.Disconnect): void {
    const call = this.#current;
    if (call !== undefined) {
      this.#leave(call, ended(call.callId, code, why, undefined));
    }
  }

  /**
   * The session is over: the call and the invitations are gone on the server too (its room dropped this user: end code 6
   * for the others), so they end here — with 102 (ERR_CALL_LOCAL_CANCEL) when the app ended the session itself (logout,
   * stop), else with 6.
   */
  endAll(why: string, local: boolean): void {
    const code = local ? CallEndCode.LocalCancel : CallEndCode.Disconnect;
    this.lost(why, code);
    const ringing = [...this.#ringing.values()];
    this.#ringing.clear();
    for (const invitation of ringing) {
      this.#host.ended(ended(invitation.callId, code, why, undefined));
    }
  }

  /** Makes or accepts a call: one room operation, answered with the call and its room (adopted as the answer is read). */
  #enter(body: ClientBody): Promise<LiveCall> {
    this.#host.ensureCanEnter();
    return this.#host.rooms.operation(async () => {
      const room = this.#host.rooms.current;
      if (room !== undefined) {
        throw LiveError.iLive(ILiveErrorCode.AlreadyInRoom, `already in room ${room.id}; quit it before a call`);
      }

      return this.#host.request(body, "call", (state) => this.#adopt(state));
    });
  }

  #adopt(state: CallState): LiveCall {
    if (state.room === undefined) {
      throw LiveError.iLive(ILiveErrorCode.WrongState, "the server's answer has no room for the call");
    }

    const room = this.#host.rooms.adopt(state.room);
    const call = new LiveCall({ hangUp: (c, cancel) => this.hangUp(c, cancel), invite: (c, ids) => this.invite(c, ids) }, state, room);
    this.#current = call;
    return call;
  }

  /** The call is over for this client: forget it and its room (quietly: the call's end says why), then tell the app once. */
  #leave(call: LiveCall, reason: CallEnded): void {
    if (this.#current === call) {
      this.#current = undefined;
      if (this.#host.rooms.current === call.room) {
        this.#host.rooms.leave(call.room);
      }
    }

    if (call.end(reason)) {
      this.#host.ended(reason);
    }
  }
}
