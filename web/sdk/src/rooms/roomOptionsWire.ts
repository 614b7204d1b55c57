import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RoomOptionsSchema } from "../gen/protocol.js";
import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { LiveRoomOptions } from "./LiveRoomOptions.js";
import { qualityIntervalLimits } from "../media/RoomQuality.js";

/** The quality interval the options ask for; 8021 outside 100-60000 ms or not a whole number. */
export function qualityIntervalOf(options: LiveRoomOptions | undefined): number {
  const interval = options?.qualityIntervalMs ?? qualityIntervalLimits.defaultMs;
  if (!Number.isInteger(interval) || interval < qualityIntervalLimits.minMs || interval > qualityIntervalLimits.maxMs) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `qualityIntervalMs ${String(interval)} is not a whole number of ms from ${qualityIntervalLimits.minMs} to ${qualityIntervalLimits.maxMs}`);
  }

  return interval;
}

const allBits = 0xffff_ffff_ffff_ffffn;

/** The wire form of options; 8021 for bits that are not a whole number. */
export function roomOptionsToWire(options: LiveRoomOptions | undefined): MessageInitShape<typeof RoomOptionsSchema> {
  const bits = options?.authBits ?? 0;
  if (!Number.isInteger(bits)) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, `authBits ${bits} is not a whole number`);
  }

  return {
    controlRole: options?.controlRole ?? "",
    authBits: bits < 0 ? allBits : BigInt(bits),
    privateMapKey: options?.privateMapKey ?? "",
    autoCamera: options?.autoCamera ?? false,
    autoMic: options?.autoMic ?? false,
    autoRequestCamera: options?.autoRequestCamera ?? true,
    autoRequestScreen: options?.autoRequestScreen ?? true,
    disableIm: !(options?.imSupport ?? true),
  };
}
