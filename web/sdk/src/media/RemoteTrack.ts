import type { MediaStreamLike, MediaTrackLike } from "../platform/rtc.js";
import type { TrackSource } from "./TrackSource.js";

/** A member's track this client receives. */
export interface RemoteTrack {
  /** The member who sends it. */
  readonly userId: string;
  /** Which of the member's streams it is. */
  readonly source: TrackSource;
  /** The m-line it arrives on. */
  readonly mid: string;
  /** The track (a MediaStreamTrack in browsers). */
  readonly track: MediaTrackLike;
  /** The streams the track belongs to (MediaStreams in browsers). */
  readonly streams: readonly MediaStreamLike[];
}

/** A member's track this client no longer receives on that m-line. */
export interface RemoteTrackRemoved {
  /** The member the track came from. */
  readonly userId: string;
  /** Which of its sources it was (camera, screen, audio). */
  readonly source: TrackSource;
  /** The m-line (transceiver mid) it arrived on, as the matching `remoteTrack` event gave it. */
  readonly mid: string;
}
