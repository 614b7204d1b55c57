/**
 * A room member's permission bits, iLiveSDK's `AUTH_BITS_*` (the privateMapKey's privilege map uses the same low
 * eight bits). Combine with `|`.
 */
export const AuthBits = {
  /** No permission. */
  None: 0,
  /** AUTH_BITS_CREATE_ROOM. */
  CreateRoom: 0x01,
  /** AUTH_BITS_JOIN_ROOM. */
  JoinRoom: 0x02,
  /** AUTH_BITS_SEND_AUDIO. */
  SendAudio: 0x04,
  /** AUTH_BITS_RECV_AUDIO. */
  ReceiveAudio: 0x08,
  /** AUTH_BITS_SEND_CAMERA_VIDEO. */
  SendCameraVideo: 0x10,
  /** AUTH_BITS_RECV_CAMERA_VIDEO. */
  ReceiveCameraVideo: 0x20,
  /** AUTH_BITS_SEND_SCREEN_VIDEO (the sub-stream). */
  SendScreenVideo: 0x40,
  /** AUTH_BITS_RECV_SCREEN_VIDEO. */
  ReceiveScreenVideo: 0x80,
  /** All eight bits (QAV_AUTH_BITS_OPEN): a host. */
  All: 0xff,
  /** Join and receive everything (0xAA): iLiveSDK's audience. */
  Audience: 0xaa,
  /** Everything but creating the room (0xFE): a co-host. */
  CoHost: 0xfe,
} as const;

/** Bits as numbers (the wire has uint64; the defined bits fit in eight). */
export function authBitsFromWire(bits: bigint): number {
  return Number(bits & 0xffff_ffffn);
}
