/** How to enter a room (iLiveSDK's `ILiveRoomOption`). Everything is optional. */
export interface LiveRoomOptions {
  /** The role configured on the server (`LiveMaster`, `LiveGuest`, `Guest`, …); empty for the app's default. */
  readonly controlRole?: string;
  /**
   * Auth bits to ask for ({@link AuthBits}); 0 (or -1, iLiveSDK's AUTH_BITS_DEFAULT) takes everything the role or
   * privateMapKey grants. The server never grants more than those.
   */
  readonly authBits?: number;
  /** A privateMapKey for this room (required when the app is configured to require one). */
  readonly privateMapKey?: string;
  /** Open the camera after entering (told to the media plane). */
  readonly autoCamera?: boolean;
  /** Open the microphone after entering (told to the media plane). */
  readonly autoMic?: boolean;
  /** Receive members' camera video automatically (default true). */
  readonly autoRequestCamera?: boolean;
  /** Receive members' screen video automatically (default true). */
  readonly autoRequestScreen?: boolean;
  /** Join the room's IM group (iLiveSDK's imsupport; default true). */
  readonly imSupport?: boolean;
  /**
   * How often the room's `quality` event comes, in ms (iLiveSDK's timeElapse): a whole number from 100 to 60000,
   * default 1000; another value fails the entry with 8021.
   */
  readonly qualityIntervalMs?: number;
}

/** Ready-made options. */
export const LiveRoomOptions = {
  /** A host: role `LiveMaster`, camera and microphone on. */
  host(): LiveRoomOptions {
    return { controlRole: "LiveMaster", autoCamera: true, autoMic: true };
  },
  /** An audience member: role `Guest`, receive only. */
  audience(): LiveRoomOptions {
    return { controlRole: "Guest" };
  },
} as const;
