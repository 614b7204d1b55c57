/** Why members left a room, on OUT member events (OpenLive's; iLiveSDK's events did not say). */
export const MemberOutReason = {
  /** It quit the room (or switched rooms, or its call ended for it). */
  Left: 1,
  /** The room's owner or an administrator removed it. */
  Kicked: 2,
  /** Its connection was lost beyond the resume window, or its session ended (logged in elsewhere, ticket expired). */
  Dropped: 3,
} as const;

/** One of {@link (MemberOutReason:variable) | MemberOutReason}'s values. */
export type MemberOutReason = (typeof MemberOutReason)[keyof typeof MemberOutReason];
