import type { MediaTrackLike } from "../platform/rtc.js";

// The part of the browser's Media Capture API (navigator.mediaDevices) the SDK uses, as structural interfaces: the
// core declares no DOM types, so tests can inject fakes (LiveClientOptions.mediaDevices).

/** One entry of `enumerateDevices()`. */
export interface MediaDeviceInfoLike {
  /** The device's id (empty for some devices until a capture permission was granted). */
  readonly deviceId: string;
  /** "videoinput", "audioinput" or "audiooutput". */
  readonly kind: string;
  /** Empty until the page has been granted a capture permission. */
  readonly label: string;
  /** Devices of one physical product share it. */
  readonly groupId?: string | undefined;
}

/** A captured track: a {@link MediaTrackLike} that can be stopped and reports its end. */
export interface CaptureTrackLike extends MediaTrackLike {
  /** "live" or "ended". */
  readonly readyState?: string | undefined;
  /** Stops capturing (the track ends; the device is released once no track uses it). */
  stop(): void;
  /** The settings the device actually runs with (which device, the video's size and frame rate). */
  getSettings?(): { readonly deviceId?: string | undefined; readonly width?: number | undefined; readonly height?: number | undefined; readonly frameRate?: number | undefined };
  /** Listens for the track's end (the device was unplugged, or the user stopped sharing). */
  addEventListener?(type: "ended", listener: () => void): void;
  /** Stops listening for the track's end. */
  removeEventListener?(type: "ended", listener: () => void): void;
}

/** What a capture call resolves to. */
export interface CaptureStreamLike {
  /** The captured tracks (one video, one audio, or both). */
  getTracks(): CaptureTrackLike[];
}

/** navigator.mediaDevices. */
export interface MediaDevicesLike {
  /** Lists the cameras, microphones and speakers. */
  enumerateDevices(): Promise<MediaDeviceInfoLike[]>;
  /** Opens a camera and/or microphone with media-track constraints. */
  getUserMedia(constraints: object): Promise<CaptureStreamLike>;
  /** Missing on hosts that cannot share a screen (e.g. mobile browsers). */
  getDisplayMedia?(constraints: object): Promise<CaptureStreamLike>;
  /** Listens for devices being plugged in or removed. */
  addEventListener?(type: "devicechange", listener: () => void): void;
  /** Stops listening for device changes. */
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
