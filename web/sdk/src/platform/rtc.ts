import type { Handler } from "./Handler.js";

// The part of the standard WebRTC API the SDK uses, as small structural interfaces: the browser's RTCPeerConnection,
// @roamhq/wrtc's and werift's all fit, so any of them can be injected (LiveClientOptions.RTCPeerConnection).

/** A media track (the browser's MediaStreamTrack, or a Node WebRTC library's). */
export interface MediaTrackLike {
  /** "audio" or "video". */
  readonly kind: string;
  /** The track's id. */
  readonly id?: string | undefined;
  /** The browser's current settings (frame size of a camera); absent in some Node WebRTC libraries. */
  getSettings?(): { readonly width?: number | undefined; readonly height?: number | undefined };
}

/** A media stream (the browser's MediaStream, or a Node WebRTC library's). */
export interface MediaStreamLike {
  /** The stream's id (the msid the SDP names). */
  readonly id?: string | undefined;
}

/** What an SDP description is (RTCSdpType). */
export type SdpType = "offer" | "answer" | "pranswer" | "rollback";

/** An SDP offer or answer (RTCSessionDescriptionInit). */
export interface SessionDescriptionLike {
  /** Offer, answer, provisional answer or rollback. */
  readonly type?: SdpType | undefined;
  /** The SDP text. */
  readonly sdp?: string | undefined;
}

/** One simulcast encoding of a sending video transceiver. */
export interface RtpEncodingLike {
  /** The encoding's RTP stream id (`q`, `h`, `f` and the like). */
  rid?: string;
  /** How much smaller than the track this encoding is sent (1 = full size, 2 = half the width and height). */
  scaleResolutionDownBy?: number;
  /** Whether the encoding is sent (default true). */
  active?: boolean;
  /** The most the encoding may send, bits per second. */
  maxBitrate?: number;
  /** The most frames per second the encoding may send. */
  maxFramerate?: number;
}

/** A sender's parameters (RTCRtpSendParameters): only the encodings are read and changed. */
export interface SendParametersLike {
  /** One entry per encoding, in the order they were given. */
  encodings: RtpEncodingLike[];
}

/** What `addTransceiver` is given. */
export interface TransceiverInitLike {
  /** `sendonly`, `recvonly`, `sendrecv` or `inactive`. */
  direction?: string;
  /** The streams the sent track is announced in (its msid). */
  streams?: MediaStreamLike[];
  /** Simulcast: the encodings to send, lowest resolution first. */
  sendEncodings?: RtpEncodingLike[];
}

/** The sending half of a transceiver. */
export interface RtpSenderLike {
  /** Sends another track (or nothing, with null) without renegotiating. */
  replaceTrack(track: MediaTrackLike | null): Promise<void>;
  /** The current parameters (browsers; absent in some Node WebRTC libraries). */
  getParameters?(): SendParametersLike;
  /** Changes the encodings' limits without renegotiating. */
  setParameters?(parameters: SendParametersLike): Promise<void> | void;
}

/** The receiving half of a transceiver. */
export interface RtpReceiverLike {
  /** The track the remote side's media arrives on. */
  readonly track?: MediaTrackLike | undefined;
}

/** One m-line's transceiver. */
export interface RtpTransceiverLike {
  /** Set once the m-line has been negotiated. */
  readonly mid?: string | null | undefined;
  /** The standard API sets `direction`; werift offers `setDirection` instead (the SDK uses that when present). */
  direction: string;
  /** What sends on this m-line. */
  readonly sender: RtpSenderLike;
  /** What receives on this m-line. */
  readonly receiver?: RtpReceiverLike | undefined;
  /** werift's way to set the direction (see `direction`). */
  setDirection?(direction: string): void;
}

/** An ICE candidate event's candidate. */
export interface IceCandidateLike {
  /** The `candidate:…` attribute value; empty at the end of gathering. */
  readonly candidate: string;
}

/** What `ontrack` receives. */
export interface TrackEventLike {
  /** The new remote track. */
  readonly track: MediaTrackLike;
  /** The streams the sender announced it in. */
  readonly streams: readonly MediaStreamLike[];
  /** The transceiver (m-line) it arrived on. */
  readonly transceiver?: RtpTransceiverLike | undefined;
}

/**
 * One entry of a getStats() report (RTCStats): `id`, `type` and `timestamp` always, then the members of its type
 * (`outbound-rtp`: bytesSent, framesPerSecond, frameWidth…; `remote-inbound-rtp`: fractionLost, roundTripTime…).
 */
export interface StatsLike {
  /** The entry's id, stable across reports. */
  readonly id: string;
  /** `outbound-rtp`, `inbound-rtp`, `remote-inbound-rtp`, `candidate-pair`, `transport`… */
  readonly type: string;
  /** When it was measured, in ms. */
  readonly timestamp?: number | undefined;
  /** The type's members. */
  readonly [member: string]: unknown;
}

/** A getStats() report (RTCStatsReport): a map from ids to entries. */
export interface StatsReportLike {
  /** Visits every entry (a {@link StatsLike}; typed loosely so that libraries' own RTCStats types fit). */
  forEach(callback: (stat: object) => void): void;
}

/** The peer connection API the SDK drives (a subset of the standard RTCPeerConnection). */
export interface PeerConnectionLike {
  /** Adds an m-line that sends a track or receives a kind (`audio`, `video`). */
  addTransceiver(trackOrKind: MediaTrackLike | string, init?: TransceiverInitLike): RtpTransceiverLike;
  /** The connection's m-lines, in SDP order. */
  getTransceivers(): RtpTransceiverLike[];
  /** Makes an SDP offer. */
  createOffer(): Promise<SessionDescriptionLike>;
  /** Makes an SDP answer to the remote offer. */
  createAnswer(): Promise<SessionDescriptionLike>;
  /** Applies this side's offer or answer (the one just made when none is given). */
  setLocalDescription(description?: SessionDescriptionLike): Promise<unknown>;
  /** Applies the server's offer or answer. */
  setRemoteDescription(description: SessionDescriptionLike): Promise<unknown>;
  /** This side's description as applied, with the candidates gathered so far. */
  readonly localDescription?: SessionDescriptionLike | null | undefined;
  /** Called with each local ICE candidate gathered, and without one when gathering ended. */
  onicecandidate?: Handler<{ readonly candidate?: IceCandidateLike | null | undefined }> | null | undefined;
  /** Called when a remote track arrives. */
  ontrack?: Handler<TrackEventLike> | null | undefined;
  /** The ICE state: "disconnected" once the connected path stopped answering (libraries without it give none). */
  readonly iceConnectionState?: string;
  /** Called when `iceConnectionState` changes. */
  oniceconnectionstatechange?: Handler<unknown> | null | undefined;
  /** Closes the connection and all its transceivers. */
  close(): unknown;
  /** The connection's statistics (quality data); libraries without it give none. */
  getStats?(): Promise<StatsReportLike>;
}

/** An RTCPeerConnection constructor: the browser's, `@roamhq/wrtc`'s or werift's. */
export type PeerConnectionConstructor = new (configuration?: never) => PeerConnectionLike;

/** The host's RTCPeerConnection, when it has one. */
export function globalPeerConnection(): PeerConnectionConstructor | undefined {
  const candidate = (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  return typeof candidate === "function" ? (candidate as PeerConnectionConstructor) : undefined;
}

/** A new peer connection from `constructor` with `configuration`. */
export function newPeerConnection(constructor: PeerConnectionConstructor, configuration: object): PeerConnectionLike {
  // The public constructor type takes `never` so every host's constructor fits; the configuration is the caller's.
  return new (constructor as unknown as new (configuration: object) => PeerConnectionLike)(configuration);
}

/** Sets a transceiver's direction the standard way, or werift's. */
export function setDirection(transceiver: RtpTransceiverLike, direction: string): void {
  if (typeof transceiver.setDirection === "function") {
    transceiver.setDirection(direction);
  } else {
    transceiver.direction = direction;
  }
}
