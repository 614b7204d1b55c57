/**
 * iLiveSDK's member event ids, identical on every platform (PC `E_EndpointEventId`, iOS `QAVUpdateEvent`, Android
 * `TYPE_MEMBER_CHANGE_*`); the numbers are part of the contract.
 */
export const MemberEventId = {
  /** A member entered the room (1). */
  In: 1,
  /** A member left the room (2). */
  Out: 2,
  /** A member started sending camera video (3). */
  HasCameraVideo: 3,
  /** A member stopped sending camera video (4). */
  NoCameraVideo: 4,
  /** A member started sending audio (5). */
  HasAudio: 5,
  /** A member stopped sending audio (6). */
  NoAudio: 6,
  /** A member started sharing the screen (7). */
  HasScreenVideo: 7,
  /** A member stopped sharing the screen (8). */
  NoScreenVideo: 8,
  /** A member started sending media-file video (9). */
  HasMediaVideo: 9,
  /** A member stopped sending media-file video (10). */
  NoMediaVideo: 10,
} as const;

/** One of {@link (MemberEventId:variable) | MemberEventId}'s values (1-10). */
export type MemberEventId = (typeof MemberEventId)[keyof typeof MemberEventId];
