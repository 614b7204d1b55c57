/** A room id: iLiveSDK's uint32 (1-4294967295), or a string id as TRTC added (1-64 UTF-8 bytes, no whitespace). */
export type LiveRoomId = number | string;
