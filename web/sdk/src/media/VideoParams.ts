/** The video parameters of this member's role (iLiveSDK's Spear role configuration), applied to the camera it publishes. */
export interface VideoParams {
  /** The video's width in pixels. */
  readonly width: number;
  /** The video's height in pixels. */
  readonly height: number;
  /** Frames per second. */
  readonly fps: number;
  /** The highest bitrate the role may send, in kbit/s. */
  readonly maxBitrateKbps: number;
}
