import type { MediaStats as WireMediaStats } from "../gen/protocol.js";
import type { MediaStats } from "./MediaStats.js";
import { trackSourceFromWire } from "./trackSourceWire.js";

/** The SDK's form of the server's stats. */
export function mediaStatsFromWire(stats: WireMediaStats): MediaStats {
  return {
    tracks: stats.tracks.map((track) => ({
      direction: track.direction,
      userId: track.userId,
      source: trackSourceFromWire(track.source),
      codec: track.codec,
      packets: Number(track.packets),
      bytes: Number(track.bytes),
      bitrateKbps: track.bitrateKbps,
      packetsLost: Number(track.packetsLost),
      nacks: Number(track.nacks),
      plis: Number(track.plis),
      layer: track.layer,
    })),
  };
}
