/** A call's kind (CallSDK's CALL_TYPE_AUDIO / CALL_TYPE_VIDEO). */
export const CallType = {
  Audio: 1,
  Video: 2,
} as const;
/** One of {@link (CallType:variable) | CallType}'s values. */
export type CallType = (typeof CallType)[keyof typeof CallType];

/** Why a call ended (CallSDK's end codes, with their numbers). 100–102 are the SDK's own; 7 is OpenLive's. */
export const CallEndCode = {
  /** The caller cancelled before anyone answered. */
  SponsorCancel: 1,
  /** Nobody answered within the ring time. */
  SponsorTimeout: 2,
  /** The invitee refused. */
  ResponderRefuse: 3,
  /** A participant hung up. */
  Hangup: 4,
  /** The invitee was in another call. */
  ResponderLineBusy: 5,
  /** A participant's connection was lost beyond the resume window, or the server reclaimed the call. */
  Disconnect: 6,
  /** Another of this user's devices accepted or refused the invitation, so it stopped ringing here (`LiveClientOptions.device`). */
  AnsweredElsewhere: 7,
  /** The server no longer knows the call (an invitation still ringing here when accept or refuse found it gone). */
  NotExist: 100,
  /** The call could not be set up: an accept got no answer (timeout or connection lost). */
  Failed: 101,
  /** The app ended the session itself (logout, stop) while in the call or while it rang. */
  LocalCancel: 102,
} as const;
/** One of {@link (CallEndCode:variable) | CallEndCode}'s values. */
export type CallEndCode = (typeof CallEndCode)[keyof typeof CallEndCode];

/** A participant's state in a call. */
export const CallMemberState = {
  /** Invited; the invitation is ringing. */
  Ringing: 1,
  /** Answered and in the call. */
  InCall: 2,
  /** Refused the invitation. */
  Refused: 3,
  /** Was in another call when invited. */
  Busy: 4,
  /** Did not answer within the ring time. */
  TimedOut: 5,
  /** Hung up and left the call. */
  Left: 6,
  /** Lost its connection beyond the resume window. */
  Disconnected: 7,
} as const;
/** One of {@link (CallMemberState:variable) | CallMemberState}'s values. */
export type CallMemberState = (typeof CallMemberState)[keyof typeof CallMemberState];

/** A participant of a call and its state. */
export interface LiveCallMember {
  /** The participant. */
  readonly userId: string;
  /** Where the participant is in the call now. */
  readonly state: CallMemberState;
}

/** An invitation to a call (TILCallInvitation). */
export interface LiveCallInvitation {
  /** The call, for `acceptCall` / `refuseCall`. */
  readonly callId: bigint;
  /** Audio or video. */
  readonly type: CallType;
  /** Who made the call. */
  readonly sponsorId: string;
  /** Who invited this user (the sponsor, or a member who added it to a group call). */
  readonly inviterId: string;
  /** The call's participants and their states when the invitation was sent. */
  readonly members: readonly LiveCallMember[];
  /** The sponsor's text for the invitees ({@link LiveCallOptions.tips}). */
  readonly tips: string;
  /** The sponsor's own data for the invitees ({@link LiveCallOptions.customData}); empty when none. */
  readonly customData: Uint8Array;
  /** When the invitation stops ringing. */
  readonly ringUntil: Date;
  /** Whether it is a group call. */
  readonly isGroup: boolean;
}

/** What a call carries to its invitees (ILVCallOption). */
export interface LiveCallOptions {
  /** Audio or video (default video). */
  readonly type?: CallType;
  /** Shown to the invitees; at most 256 UTF-8 bytes by default. */
  readonly tips?: string;
  /** The app's own data for the invitees; at most 1 KiB by default. */
  readonly customData?: Uint8Array;
  /** How long the invitations ring, 1–120 s; the server's default (30 s) when absent. */
  readonly ringTimeoutSeconds?: number;
}

/** A call ended for this user (CallSDK's onCallEnd): a ringing invitation, or the call it was in. */
export interface CallEnded {
  /** The call that ended. */
  readonly callId: bigint;
  /** Why it ended. */
  readonly code: CallEndCode;
  /** The server's text. */
  readonly info: string;
  /** Who ended it (the caller who cancelled, the invitee who refused, who hung up), if anyone. */
  readonly byUserId: string | undefined;
}

/** A new invitation (CallSDK's onNewIncomingCall). */
export interface IncomingCall {
  /** The invitation, to accept or refuse by its `callId`. */
  readonly invitation: LiveCallInvitation;
}

/** A participant's state changed. */
export interface CallMemberChanged {
  /** The participant, with its new state. */
  readonly member: LiveCallMember;
}

/** The events of a {@link LiveCall}. */
export interface LiveCallEvents {
  /** Someone besides the sponsor answered (CallSDK's onCallEstablish). */
  established: Record<string, never>;
  /** A participant's state changed (accepted, refused, busy, timed out, left, disconnected). */
  memberChanged: CallMemberChanged;
  /** The call ended for this client (also the client's `callEnded`). */
  ended: CallEnded;
}
