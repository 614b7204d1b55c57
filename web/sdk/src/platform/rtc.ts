import type { Handler } from "./Handler.js";

// The part of the standard WebRTC API the SDK uses, as small structural interfaces: the browser's RTCPeerConnection,
// @roamhq/wrtc's and werift's all fit, so any of them can be injected (LiveClientOptions.RTCPeerConnection).

/** A media track (the browser's MediaStreamTrack, or a Node WebRTC library's). */
export interface MediaTrackLike {
  /** "audio" or "video". */
  readonly kind: string;
  readonly id?: string | undefined;
}

/** A media stream (the browser's MediaStream, or a Node WebRTC library's). */
export interface MediaStreamLike {
  readonly id?: string | undefined;
}

/** What an SDP description is (RTCSdpType). */
export type SdpType = "offer" | "answer" | "pranswer" | "rollback";

/** An SDP offer or answer (RTCSessionDescriptionInit). */
export interface SessionDescriptionLike {
  readonly type?: SdpType | undefined;
  readonly sdp?: string | undefined;
}

/** One simulcast encoding of a sending video transceiver. */
export interface RtpEncodingLike {
  rid?: string;
  scaleResolutionDownBy?: number;
  active?: boolean;
}

/** What `addTransceiver` is given. */
export interface TransceiverInitLike {
  direction?: string;
  streams?: MediaStreamLike[];
  sendEncodings?: RtpEncodingLike[];
}

/** The sending half of a transceiver. */
export interface RtpSenderLike {
  replaceTrack(track: MediaTrackLike | null): Promise<void>;
}

/** The receiving half of a transceiver. */
export interface RtpReceiverLike {
  readonly track?: MediaTrackLike | undefined;
}

/** One m-line's transceiver. */
export interface RtpTransceiverLike {
  /** Set once the m-line has been negotiated. */
  readonly mid?: string | null | undefined;
  /** The standard API sets `direction`; werift offers `setDirection` instead (the SDK uses that when present). */
  direction: string;
  readonly sender: RtpSenderLike;
  readonly receiver?: RtpReceiverLike | undefined;
  setDirection?(direction: string): void;
}

/** An ICE candidate event's candidate. */
export interface IceCandidateLike {
  /** The `candidate:…` attribute value; empty at the end of gathering. */
  readonly candidate: string;
}

/** What `ontrack` receives. */
export interface TrackEventLike {
  readonly track: MediaTrackLike;
  readonly streams: readonly MediaStreamLike[];
  readonly transceiver?: RtpTransceiverLike | undefined;
}

/** The peer connection API the SDK drives (a subset of the standard RTCPeerConnection). */
export interface PeerConnectionLike {
  addTransceiver(trackOrKind: MediaTrackLike | string, init?: TransceiverInitLike): RtpTransceiverLike;
  getTransceivers(): RtpTransceiverLike[];
  createOffer(): Promise<SessionDescriptionLike>;
  createAnswer(): Promise<SessionDescriptionLike>;
  setLocalDescription(description?: SessionDescriptionLike): Promise<unknown>;
  setRemoteDescription(description: SessionDescriptionLike): Promise<unknown>;
  readonly localDescription?: SessionDescriptionLike | null | undefined;
  onicecandidate?: Handler<{ readonly candidate?: IceCandidateLike | null | undefined }> | null | undefined;
  ontrack?: Handler<TrackEventLike> | null | undefined;
  close(): unknown;
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
