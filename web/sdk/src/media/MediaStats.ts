import type { TrackSource } from "./TrackSource.js";

/** One track as the server sees it. */
export interface TrackStats {
  /** "publish" (this client's track) or "subscribe" (a track it receives). */
  readonly direction: string;
  readonly userId: string;
  readonly source: TrackSource | undefined;
  readonly codec: string;
  readonly packets: number;
  readonly bytes: number;
  readonly bitrateKbps: number;
  readonly packetsLost: number;
  readonly nacks: number;
  readonly plis: number;
  /** The simulcast layer being forwarded (0 = lowest), -1 when not simulcast. */
  readonly layer: number;
}

/** This client's media as the server sees it. */
export interface MediaStats {
  readonly tracks: readonly TrackStats[];
}
