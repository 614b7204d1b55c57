import type { MediaTrackLike, RtpEncodingLike } from "../platform/rtc.js";
import type { VideoParams } from "./VideoParams.js";

/** Simulcast layers, lowest first, as the server's layer numbers count them: rid, size divisor, share of the role's bitrate. */
const simulcastLayers = [
  { rid: "q", scale: 4, share: 1 / 8 },
  { rid: "h", scale: 2, share: 2 / 5 },
  { rid: "f", scale: 1, share: 1 },
] as const;

/**
 * How much a camera track must be scaled down to fit the role's frame size (1 when it fits or the role gives none):
 * the larger of the two ratios, so neither side exceeds the role's, and the picture keeps its own aspect ratio.
 */
export function roleScale(track: MediaTrackLike, role: VideoParams): number {
  const settings = track.getSettings?.();
  const width = settings?.width ?? 0;
  const height = settings?.height ?? 0;
  if (role.width <= 0 || role.height <= 0 || width <= 0 || height <= 0) {
    return 1;
  }

  return Math.max(1, width / role.width, height / role.height);
}

/**
 * The camera's send encodings under its role's video parameters: its frame size (scaled down, never up), frame rate and
 * bitrate cap; with simulcast, three layers at 1/4, 1/2 and full size of that, the lower ones with a share of the
 * bitrate. Undefined when there is nothing to set (no role limits, one encoding): the browser's defaults apply.
 */
export function cameraEncodings(track: MediaTrackLike, role: VideoParams, simulcast: boolean): RtpEncodingLike[] | undefined {
  const limited = role.width > 0 || role.fps > 0 || role.maxBitrateKbps > 0;
  if (!limited && !simulcast) {
    return undefined;
  }

  const scale = roleScale(track, role);
  const layers = simulcast ? simulcastLayers : [{ rid: undefined, scale: 1, share: 1 }];
  return layers.map((layer) => {
    // An explicit 1 for a single encoding makes Chromium start its encoder at half size (and ramp up over seconds),
    // so it is left out there; layers need theirs.
    const encoding: RtpEncodingLike = layer.rid === undefined && scale === 1 ? {} : { scaleResolutionDownBy: layer.scale * scale };
    if (layer.rid !== undefined) {
      encoding.rid = layer.rid;
    }

    if (role.maxBitrateKbps > 0) {
      encoding.maxBitrate = Math.round(role.maxBitrateKbps * 1000 * layer.share);
    }

    if (role.fps > 0) {
      encoding.maxFramerate = role.fps;
    }

    return encoding;
  });
}
