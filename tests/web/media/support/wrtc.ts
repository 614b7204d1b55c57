import type { WrtcPeerConfig } from "../peers/wrtc-peer.js";
import { ChildPeer } from "./ChildPeer.js";
import { peerScript } from "./paths.js";

/** What a wrtc peer's sinks got, per member (its latest "stats" line). */
export interface WrtcStats {
  readonly video: Readonly<Record<string, { readonly frames: number; readonly width: number; readonly height: number }>>;
  readonly audio: Readonly<Record<string, { readonly chunks: number; readonly rms: number }>>;
  readonly sent: { readonly frames: number; readonly audioChunks: number };
}

/** A libwebrtc peer (peers/wrtc-peer.ts) in a child process. */
export function startWrtcPeer(name: string, config: WrtcPeerConfig): ChildPeer {
  return new ChildPeer(name, [process.execPath, peerScript("wrtc-peer")], config);
}

/** The peer's latest stats; throws when it reported an error or died. */
export function wrtcStats(peer: ChildPeer): WrtcStats | undefined {
  peer.throwIfFailed();
  return peer.latest("stats") as unknown as WrtcStats | undefined;
}
