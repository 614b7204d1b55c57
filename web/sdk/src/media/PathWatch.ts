import type { Clock } from "../platform/Clock.js";
import type { PeerConnectionLike, StatsLike } from "../platform/rtc.js";
import { collectStats } from "./collectStats.js";
import { selectedCandidatePair } from "./selectedCandidatePair.js";

/**
 * Watches one media connection's path. It is dead when the browser says so (`iceConnectionState` `disconnected` or
 * `failed`; Chromium about 5 s after the path stopped answering), or sooner when nothing arrived on the selected
 * candidate pair for `timeoutMs`: the server sends on every connected transport at least every 500 ms (an empty RTCP
 * receiver report when it has nothing else), so a quiet pair is a dead path, not a quiet room.
 *
 * Only a path that worked can die: a connection that never connected (no route to the server's candidates) would fail the
 * same way on a new one, so it is never reported.
 */
export class PathWatch {
  readonly #peer: PeerConnectionLike;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #onDead: () => void;
  #connected = false;
  #silent = false;
  #polling = false;
  #progress: string | undefined;
  #progressAt = 0;

  /** Watches `peer`, calling `onDead` each time its path is found dead. `timeoutMs` 0: the browser's verdict only. */
  constructor(peer: PeerConnectionLike, timeoutMs: number, clock: Clock, onDead: () => void) {
    this.#peer = peer;
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
    this.#onDead = onDead;
    // A closed connection raises nothing more, so a state change comes from a connection the room still uses.
    peer.oniceconnectionstatechange = () => this.#onStateChange();
  }

  /** Whether the path is dead now (by the browser's verdict or the silence of the selected pair). */
  get dead(): boolean {
    return this.#connected && (this.#browserSaysDead() || this.#silent);
  }

  #browserSaysDead(): boolean {
    const state = this.#peer.iceConnectionState;
    return state === "disconnected" || state === "failed";
  }

  #onStateChange(): void {
    const state = this.#peer.iceConnectionState;
    if (state === "connected" || state === "completed") {
      if (!this.#connected) {
        this.#connected = true;
        this.#startPolling();
      }
    } else if (this.#connected && this.#browserSaysDead()) {
      this.#onDead();
    }
  }

  #startPolling(): void {
    if (this.#timeoutMs <= 0 || typeof this.#peer.getStats !== "function" || this.#polling) {
      return;
    }

    this.#polling = true;
    this.#progressAt = this.#clock.now();
    this.#schedule();
  }

  #schedule(): void {
    // Four looks per timeout (at most one every 0.5 s): a dead path is noticed within 1.25 timeouts.
    this.#clock.setTimeout(() => void this.#poll(), Math.min(500, this.#timeoutMs / 4));
  }

  async #poll(): Promise<void> {
    if (this.#peer.iceConnectionState === "closed") {
      this.#polling = false;
      return;
    }

    const stats = await collectStats(this.#peer.getStats!());
    if (stats === undefined) {
      this.#polling = false; // closed meanwhile (getStats rejects on a closed connection)
      return;
    }

    const now = this.#clock.now();
    const progress = receivedOn(stats);
    if (progress === undefined) {
      this.#schedule(); // no selected pair (yet, or the library does not say): nothing to judge by
      return;
    }

    if (progress !== this.#progress) {
      this.#progress = progress;
      this.#progressAt = now;
      this.#silent = false;
    } else if (!this.#silent && now - this.#progressAt > this.#timeoutMs) {
      this.#silent = true;
      this.#onDead();
    }

    this.#schedule();
  }
}

/**
 * What the selected pair has received so far, as a value that changes whenever anything arrives: its byte and packet
 * counters and the time of its last packet. Compared between looks on the SDK's own clock, so the browser's clocks (the
 * report's and the pair's may differ) do not matter. Undefined when there is no selected pair or it says none of these.
 */
function receivedOn(stats: readonly StatsLike[]): string | undefined {
  const pair = selectedCandidatePair(stats);
  if (pair === undefined) {
    return undefined;
  }

  const members = [pair.bytesReceived, pair.packetsReceived, pair.lastPacketReceivedTimestamp];
  return members.some((member) => typeof member === "number") ? `${pair.id}:${members.join(":")}` : undefined;
}
