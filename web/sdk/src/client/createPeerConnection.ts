import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { newPeerConnection, type PeerConnectionLike } from "../platform/rtc.js";
import { withLoginIceServers } from "./iceServers.js";
import type { LoginIceServer } from "./LoginIceServer.js";
import type { ResolvedOptions } from "./resolveOptions.js";

/**
 * A peer connection for the client's media: the app's configuration plus the latest login's ICE servers; 8002 on a
 * host without RTCPeerConnection.
 */
export function createPeerConnection(
  options: Pick<ResolvedOptions, "RTCPeerConnection" | "rtcConfiguration">,
  loginIceServers: readonly LoginIceServer[] = [],
): PeerConnectionLike {
  const { RTCPeerConnection, rtcConfiguration } = options;
  if (RTCPeerConnection === undefined) {
    throw LiveError.iLive(
      ILiveErrorCode.AVNotReady,
      "this host has no RTCPeerConnection: pass options.RTCPeerConnection (in Node, @roamhq/wrtc's or werift's)",
    );
  }

  return newPeerConnection(RTCPeerConnection, withLoginIceServers(rtcConfiguration, loginIceServers));
}
