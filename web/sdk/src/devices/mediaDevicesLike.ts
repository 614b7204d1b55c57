import type { MediaTrackLike } from "../platform/rtc.js";

// The part of the browser's Media Capture API (navigator.mediaDevices) the SDK uses, as structural interfaces: the
// core declares no DOM types, so tests can inject fakes (LiveClientOptions.mediaDevices).

/** One entry of `enumerateDevices()`. */
export interface MediaDeviceInfoLike {
  readonly deviceId: string;
  /** "videoinput", "audioinput" or "audiooutput". */
  readonly kind: string;
  /** Empty until the page has been granted a capture permission. */
  readonly label: string;
  readonly groupId?: string | undefined;
}

/** A captured track: a {@link MediaTrackLike} that can be stopped and reports its end. */
export interface CaptureTrackLike extends MediaTrackLike {
  /** "live" or "ended". */
  readonly readyState?: string | undefined;
  stop(): void;
  getSettings?(): { readonly deviceId?: string | undefined; readonly width?: number | undefined; readonly height?: number | undefined; readonly frameRate?: number | undefined };
  addEventListener?(type: "ended", listener: () => void): void;
  removeEventListener?(type: "ended", listener: () => void): void;
}

/** What a capture call resolves to. */
export interface CaptureStreamLike {
  getTracks(): CaptureTrackLike[];
}

/** navigator.mediaDevices. */
export interface MediaDevicesLike {
  enumerateDevices(): Promise<MediaDeviceInfoLike[]>;
  getUserMedia(constraints: object): Promise<CaptureStreamLike>;
  /** Missing on hosts that cannot share a screen (e.g. mobile browsers). */
  getDisplayMedia?(constraints: object): Promise<CaptureStreamLike>;
  addEventListener?(type: "devicechange", listener: () => void): void;
  removeEventListener?(type: "devicechange", listener: () => void): void;
}

/** The host's navigator.mediaDevices; undefined outside a secure context (http other than localhost) or in Node. */
export function globalMediaDevices(): MediaDevicesLike | undefined {
  const navigator = (globalThis as { navigator?: { mediaDevices?: unknown } }).navigator;
  const devices = navigator?.mediaDevices;
  return typeof devices === "object" && devices !== null && typeof (devices as MediaDevicesLike).getUserMedia === "function"
    ? (devices as MediaDevicesLike)
    : undefined;
}
