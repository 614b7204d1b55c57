import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { newPeerConnection, type PeerConnectionLike } from "../platform/rtc.js";
import type { ResolvedOptions } from "./resolveOptions.js";

/** A peer connection for the client's media, with its configuration; 8002 on a host without RTCPeerConnection. */
export function createPeerConnection(options: Pick<ResolvedOptions, "RTCPeerConnection" | "rtcConfiguration">): PeerConnectionLike {
  const { RTCPeerConnection, rtcConfiguration } = options;
  if (RTCPeerConnection === undefined) {
    throw LiveError.iLive(
      ILiveErrorCode.AVNotReady,
      "this host has no RTCPeerConnection: pass options.RTCPeerConnection (in Node, @roamhq/wrtc's or werift's)",
    );
  }

  return newPeerConnection(RTCPeerConnection, rtcConfiguration);
}
