import type { TrackSource } from "./TrackSource.js";

/** One track's figures in a {@link RoomQuality}. */
export interface TrackQuality {
  /** "send" for a track this client publishes, "receive" for one it receives. */
  readonly direction: "send" | "receive";
  /** Who publishes the track (this client's own user for a sent one). */
  readonly userId: string;
  /** Audio, camera or screen. */
  readonly source: TrackSource;
  /** The m-line the track is on. */
  readonly mid: string;
  /** kbit/s over the interval (RTP payload and headers as the browser counts bytesSent/bytesReceived); 0 in the first sample after the track started. */
  readonly kbps: number;
  /** Video frames per second as the browser last measured them; 0 for audio. With simulcast, the highest layer's. */
  readonly fps: number;
  /** The video's width in pixels as sent or decoded (the largest simulcast layer); 0 for audio and before the first frame. */
  readonly width: number;
  /** The video's height, likewise. */
  readonly height: number;
  /** 0..1: for a sent track the fraction lost the server last reported; for a received one, lost over expected in the interval. */
  readonly loss: number;
  /** Round trip to the server in ms: for a sent track from the server's receiver reports; undefined for a received track and before a report. */
  readonly rttMs: number | undefined;
  /** A received track's interarrival jitter in ms; 0 for a sent track. */
  readonly jitterMs: number;
}

/**
 * The client's own view of its media in a room over the last interval (iLiveSDK's `getQualityData` /
 * `qualityParamCallback`), from the publisher's and subscriber's `RTCPeerConnection.getStats()`. The server's view of the
 * same member is `room.getMediaStats()`.
 */
export interface RoomQuality {
  /** When the snapshot was taken (ms since the Unix epoch, the client's clock). */
  readonly at: number;
  /** The time the rates are measured over, in ms (the quality interval, or less for an on-demand snapshot). */
  readonly intervalMs: number;
  /** What the client sent, all tracks, in kbit/s. */
  readonly sendKbps: number;
  /** What the client received, all tracks, in kbit/s. */
  readonly receiveKbps: number;
  /** Loss on the way up, 0..1: the highest fraction lost the server reported for this client's tracks. */
  readonly upLoss: number;
  /** Loss on the way down, 0..1: packets lost over packets expected in the interval, all received tracks. */
  readonly downLoss: number;
  /** Round trip to the server in ms (its receiver reports, else the ICE candidate pair's); undefined until measured. */
  readonly rttMs: number | undefined;
  /** The highest interarrival jitter of the received tracks, in ms. */
  readonly jitterMs: number;
  /** CPU use in percent: browsers give none portably, so always undefined here (the .NET SDK gives its process's). */
  readonly cpuPercent: number | undefined;
  /** Per track, sent and received. */
  readonly tracks: readonly TrackQuality[];
}

/** Shortest and longest quality interval (`LiveRoomOptions.qualityIntervalMs`), and the default (iLiveSDK's timeElapse). */
export const qualityIntervalLimits = { minMs: 100, maxMs: 60_000, defaultMs: 1000 } as const;
