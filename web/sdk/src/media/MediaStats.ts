import type { TrackSource } from "./TrackSource.js";

/** One track as the server sees it. */
export interface TrackStats {
  /** "publish" (this client's track) or "subscribe" (a track it receives). */
  readonly direction: string;
  /** Who publishes the track (this client's own user for its published tracks). */
  readonly userId: string;
  /** Camera, screen or audio; undefined for a source this SDK does not know. */
  readonly source: TrackSource | undefined;
  /** The track's codec, by its name in the SDP. */
  readonly codec: string;
  /** RTP packets the server counted on the track so far. */
  readonly packets: number;
  /** The bytes of those packets. */
  readonly bytes: number;
  /** The bitrate arriving from the publisher now, in kbit/s (for a received track, that of the layer forwarded). */
  readonly bitrateKbps: number;
  /** Packets the server counted as lost on the track so far. */
  readonly packetsLost: number;
  /** Retransmissions requested (RTCP NACKs) on the track so far. */
  readonly nacks: number;
  /** Keyframe requests (RTCP PLI/FIR) on the track so far. */
  readonly plis: number;
  /** The simulcast layer being forwarded (0 = lowest), -1 when not simulcast. */
  readonly layer: number;
}

/** This client's media as the server sees it. */
export interface MediaStats {
  /** Every track this client publishes or receives. */
  readonly tracks: readonly TrackStats[];
}
