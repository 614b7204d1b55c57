/** A member of a room as the server last reported it. */
export interface LiveMember {
  /** The member's user id. */
  readonly userId: string;
  /** The member's tinyId (iLiveSDK's numeric id; uint64 on the wire). */
  readonly tinyId: bigint;
  /** The member's role. */
  readonly controlRole: string;
  /** The member's granted auth bits ({@link AuthBits}). */
  readonly authBits: number;
  /** Sending camera video. */
  readonly hasCameraVideo: boolean;
  /** Sending audio. */
  readonly hasAudio: boolean;
  /** Sharing the screen. */
  readonly hasScreenVideo: boolean;
  /** Sending media-file video. */
  readonly hasMediaVideo: boolean;
  /** When the member entered. */
  readonly joinedAt: Date;
  /** Set while the room's owner has muted the member's chat. */
  readonly mutedUntil: Date | undefined;
  /** The member entered asking for its camera to open (iLiveSDK autoCamera). */
  readonly autoCamera: boolean;
  /** The member entered asking for its microphone to open (iLiveSDK autoMic). */
  readonly autoMic: boolean;
}
