import type { MediaStreamLike, MediaTrackLike } from "../platform/rtc.js";

/** What to publish: a track per source (sources left out stay as they are). */
export interface PublishOptions {
  /** The microphone track (kind "audio"). */
  readonly audio?: MediaTrackLike;
  /**
   * The camera track (kind "video"). It is sent under the role's video parameters (`room.video`): scaled down to fit
   * the role's frame size (never up), at most its frame rate and bitrate; again after a role change.
   */
  readonly camera?: MediaTrackLike;
  /** The screen-sharing track (kind "video"), iLiveSDK's sub-stream. */
  readonly screen?: MediaTrackLike;
  /**
   * Send the camera as three simulcast layers (rids q, h, f at 1/4, 1/2 and full resolution) so the server can give
   * each viewer the layer its bandwidth allows. Only takes effect when the camera is first published.
   */
  readonly simulcast?: boolean;
  /** Streams to associate the tracks with (a=msid), e.g. the MediaStream they came from. */
  readonly streams?: readonly MediaStreamLike[];
}
