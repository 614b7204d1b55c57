import type { StatsLike } from "../platform/rtc.js";
import { selectedCandidatePair } from "./selectedCandidatePair.js";
import type { RoomQuality, TrackQuality } from "./RoomQuality.js";
import type { TrackSource } from "./TrackSource.js";

/** A peer connection to sample, with what each of its m-lines carries. */
export interface SampledConnection {
  readonly direction: "send" | "receive";
  /** The connection's `getStats()` result; undefined when it has none (a closed connection, a library without stats). */
  readonly stats: readonly StatsLike[] | undefined;
  /** Who and what each m-line carries, by mid. */
  readonly labels: ReadonlyMap<string, { readonly userId: string; readonly source: TrackSource }>;
}

/** A counter's value at the baseline, with the stats timestamp it was read at. */
interface Counter {
  readonly bytes: number;
  readonly packets: number;
  readonly lost: number;
  readonly timestamp: number;
}

/** Shorter than this since the baseline, an on-demand sample repeats the last periodic one (rates over a few ms are noise). */
const minimumIntervalMs = 100;

/**
 * Turns getStats()'s cumulative counters into per-interval figures: it keeps each RTP stream's counters from the last
 * periodic sample (the baseline) and divides the differences by the time between the stats' timestamps. An on-demand
 * sample measures from the same baseline without moving it.
 */
export class QualitySampler {
  #baseline = new Map<string, Counter>();
  #baselineAt: number;
  #last: RoomQuality | undefined;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
    this.#baselineAt = now();
  }

  /** Whether an on-demand sample now would only repeat the last periodic one. */
  get isFresh(): boolean {
    return this.#last !== undefined && this.#now() - this.#baselineAt < minimumIntervalMs;
  }

  /** The last periodic snapshot. */
  get last(): RoomQuality | undefined {
    return this.#last;
  }

  /** A snapshot from the connections' stats; `periodic` makes it the next baseline. */
  sample(connections: readonly SampledConnection[], periodic: boolean): RoomQuality {
    const now = this.#now();
    const next = new Map<string, Counter>();
    const tracks: TrackQuality[] = [];
    let lostTotal = 0;
    let expectedTotal = 0;
    for (const connection of connections) {
      if (connection.stats === undefined) {
        continue;
      }

      const byId = new Map(connection.stats.map((stat) => [stat.id, stat]));
      const rtp = connection.stats.filter((stat) => stat.type === (connection.direction === "send" ? "outbound-rtp" : "inbound-rtp"));
      const pairRtt = selectedPairRttMs(connection.stats);
      for (const [mid, label] of connection.labels) {
        const streams = rtp.filter((stat) => stat.mid === mid);
        if (streams.length === 0) {
          continue;
        }

        let kbps = 0;
        let fps = 0;
        let width = 0;
        let height = 0;
        let loss = 0;
        let rttMs: number | undefined;
        let jitterMs = 0;
        let lost = 0;
        let expected = 0;
        for (const stat of streams) {
          const counter: Counter = {
            bytes: number(connection.direction === "send" ? stat.bytesSent : stat.bytesReceived),
            packets: number(connection.direction === "send" ? stat.packetsSent : stat.packetsReceived),
            lost: number(stat.packetsLost),
            timestamp: number(stat.timestamp),
          };
          next.set(stat.id, counter);
          const before = this.#baseline.get(stat.id);
          if (before !== undefined && counter.timestamp > before.timestamp) {
            kbps += (Math.max(0, counter.bytes - before.bytes) * 8) / (counter.timestamp - before.timestamp);
            if (connection.direction === "receive") {
              const lostNow = Math.max(0, counter.lost - before.lost);
              lost += lostNow;
              expected += lostNow + Math.max(0, counter.packets - before.packets);
            }
          }

          const frameWidth = number(stat.frameWidth);
          if (frameWidth >= width) {
            width = frameWidth;
            height = number(stat.frameHeight);
            fps = Math.max(fps, number(stat.framesPerSecond));
          }

          if (connection.direction === "send") {
            const remote = connection.stats.find((candidate) => candidate.type === "remote-inbound-rtp" && candidate.localId === stat.id)
              ?? (typeof stat.remoteId === "string" ? byId.get(stat.remoteId) : undefined);
            if (remote !== undefined) {
              loss = Math.max(loss, number(remote.fractionLost));
              const rtt = remote.roundTripTime;
              if (typeof rtt === "number" && rtt > 0) {
                rttMs = Math.max(rttMs ?? 0, rtt * 1000);
              }
            }
          } else {
            jitterMs = Math.max(jitterMs, number(stat.jitter) * 1000);
          }
        }

        if (connection.direction === "receive") {
          loss = expected === 0 ? 0 : lost / expected;
          lostTotal += lost;
          expectedTotal += expected;
        } else {
          rttMs ??= pairRtt;
        }

        tracks.push({ direction: connection.direction, userId: label.userId, source: label.source, mid, kbps: round(kbps), fps: round(fps), width, height, loss, rttMs: rttMs === undefined ? undefined : round(rttMs), jitterMs: round(jitterMs) });
      }
    }

    const sent = tracks.filter((track) => track.direction === "send");
    const received = tracks.filter((track) => track.direction === "receive");
    const rtts = tracks.map((track) => track.rttMs).filter((rtt): rtt is number => rtt !== undefined);
    const pairRtts = connections.map((connection) => connection.stats === undefined ? undefined : selectedPairRttMs(connection.stats)).filter((rtt): rtt is number => rtt !== undefined);
    const quality: RoomQuality = {
      at: now,
      intervalMs: now - this.#baselineAt,
      sendKbps: round(sent.reduce((sum, track) => sum + track.kbps, 0)),
      receiveKbps: round(received.reduce((sum, track) => sum + track.kbps, 0)),
      upLoss: sent.reduce((max, track) => Math.max(max, track.loss), 0),
      downLoss: expectedTotal === 0 ? 0 : lostTotal / expectedTotal,
      rttMs: rtts.length > 0 ? Math.max(...rtts) : pairRtts.length > 0 ? round(Math.max(...pairRtts)) : undefined,
      jitterMs: received.reduce((max, track) => Math.max(max, track.jitterMs), 0),
      cpuPercent: undefined,
      tracks,
    };
    if (periodic) {
      this.#baseline = next;
      this.#baselineAt = now;
      this.#last = quality;
    }

    return quality;
  }
}

/** The selected ICE candidate pair's current round trip, in ms. */
function selectedPairRttMs(stats: readonly StatsLike[]): number | undefined {
  const rtt = selectedCandidatePair(stats)?.currentRoundTripTime;
  return typeof rtt === "number" && rtt > 0 ? rtt * 1000 : undefined;
}

function number(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
