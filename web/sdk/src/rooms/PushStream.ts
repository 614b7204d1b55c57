// iLiveSDK's push and record types (PushStreamOption, PushStreamRsp, LiveUrl, RecordOption) with iLiveSDK's numbers.

/** iLiveSDK's E_PushDataType. */
export const PushDataType = {
  /** The camera (E_PushCamera). */
  Camera: 0,
  /** The shared screen (E_PushScreen). */
  Screen: 1,
} as const;
/** One of {@link (PushDataType:variable) | PushDataType}'s values. */
export type PushDataType = (typeof PushDataType)[keyof typeof PushDataType];

/** iLiveSDK's E_iLiveStreamEncode. OpenLive produces Hls, Rtmp and HlsAndRtmp; Flv and Raw get 8023. */
export const StreamEncode = {
  /** No live output (a recording only); OpenLive's. */
  None: 0,
  /** Live HLS served by the server (HLS, 0x01). */
  Hls: 0x01,
  /** FLV (0x02): not produced (8023). */
  Flv: 0x02,
  /** RAW (0x04): not produced (8023). */
  Raw: 0x04,
  /** RTMP push to the app's operator-configured ingest (RTMP, 0x05). */
  Rtmp: 0x05,
  /** Both (HLS_AND_RTMP, 0x06). */
  HlsAndRtmp: 0x06,
} as const;
/** One of {@link (StreamEncode:variable) | StreamEncode}'s values. */
export type StreamEncode = (typeof StreamEncode)[keyof typeof StreamEncode];

/** iLiveSDK's E_RecordFileType. OpenLive records Mp4 only (WebM or fragmented MP4 by codec); the others get 8023. */
export const RecordFileType = {
  /** No recording. */
  None: 0,
  /** HLS segments: not produced (8023). */
  Hls: 1,
  /** FLV: not produced (8023). */
  Flv: 2,
  /** HLS and FLV: not produced (8023). */
  HlsFlv: 3,
  /** A recording without transcoding: WebM for VP8/VP9/AV1 + Opus, fragmented MP4 for H.264 + Opus. */
  Mp4: 4,
  /** HLS and MP4: not produced (8023). */
  HlsMp4: 5,
  /** FLV and MP4: not produced (8023). */
  FlvMp4: 6,
  /** HLS, FLV and MP4: not produced (8023). */
  HlsFlvMp4: 7,
  /** Audio only as MP3: not produced (8023). */
  Mp3: 0x10,
} as const;
/** One of {@link (RecordFileType:variable) | RecordFileType}'s values. */
export type RecordFileType = (typeof RecordFileType)[keyof typeof RecordFileType];

/** iLiveSDK's PushStreamOption. */
export interface PushStreamOption {
  /** Camera (default) or screen. */
  readonly pushDataType?: PushDataType;
  /** The live outputs (default Hls); None for a recording only. */
  readonly encode?: StreamEncode;
  /** The recording: Mp4 or None (default). */
  readonly recordFileType?: RecordFileType;
  /** The member's audio alone (iLiveSDK's bOnlyPushAudio). */
  readonly onlyPushAudio?: boolean;
  /** iLiveSDK's recordId (at most 64 characters): accepted, not used. */
  readonly recordId?: string;
  /** Whose stream (a member of the room); this client's own when absent. */
  readonly userId?: string;
}

/** iLiveSDK's RecordOption. */
export interface RecordOption {
  /** Camera (default) or screen (iLiveSDK's recordDataType). */
  readonly recordDataType?: PushDataType;
  /** File name stem: 1-64 of A-Z a-z 0-9 _ - . not starting with '.'; generated when absent. */
  readonly fileName?: string;
  /** Tencent VOD's classId: accepted, not used. */
  readonly classId?: number;
  /** Whose stream (a member of the room); this client's own when absent. */
  readonly userId?: string;
}

/** iLiveSDK's LiveUrl. */
export interface LiveUrl {
  /** StreamEncode.Hls (a path on the server) or StreamEncode.Rtmp (the ingest as rtmp://host/app/: the stream key stays on the server). */
  readonly encodeType: number;
  /** Where the output is: the HLS playlist's path on the server, or the RTMP ingest's URL. */
  readonly url: string;
  /** 0: the original stream. */
  readonly rateType: number;
}

/** iLiveSDK's PushStreamRsp: the channel (stop it by id; uint64 on the wire) and where it goes. */
export interface PushStreamRsp {
  /** The channel's id, for `stopPushStream`. */
  readonly channelId: bigint;
  /** One entry per live output (none for a recording only). */
  readonly urls: readonly LiveUrl[];
  /** Recording file ids, relative to the server's recordings directory. */
  readonly fileIds: readonly string[];
}
