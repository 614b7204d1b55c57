import { MediaSource as WireMediaSource, VideoQuality as WireVideoQuality } from "../gen/protocol.js";
import type { TrackSource, VideoQuality } from "./TrackSource.js";

const toWire: Readonly<Record<TrackSource, WireMediaSource>> = {
  audio: WireMediaSource.AUDIO,
  camera: WireMediaSource.CAMERA,
  screen: WireMediaSource.SCREEN,
};

/** The wire enum of a source. */
export function trackSourceToWire(source: TrackSource): WireMediaSource {
  return toWire[source];
}

/** The SDK's name of a wire source; undefined for UNSPECIFIED or values this SDK does not know. */
export function trackSourceFromWire(source: WireMediaSource): TrackSource | undefined {
  switch (source) {
    case WireMediaSource.AUDIO:
      return "audio";
    case WireMediaSource.CAMERA:
      return "camera";
    case WireMediaSource.SCREEN:
      return "screen";
    default:
      return undefined;
  }
}

/** The wire enum of a view quality. */
export function videoQualityToWire(quality: VideoQuality | undefined): WireVideoQuality {
  switch (quality) {
    case "low":
      return WireVideoQuality.LOW;
    case "medium":
      return WireVideoQuality.MEDIUM;
    case "high":
      return WireVideoQuality.HIGH;
    default:
      return WireVideoQuality.AUTO;
  }
}
