import type { Clock } from "../platform/Clock.js";

/** What the heartbeat watches: the connection's traffic, and what to do when it is dead. */
export interface HeartbeatLiveness {
  /** A heartbeat unanswered this long means the connection is dead; 0 turns the watch off. */
  readonly deadAfterMs: number;
  /** When the server last sent anything. */
  lastReceivedAt(): number;
  /** When the oldest request still waiting for its answer was sent (the server answers in order), or undefined. */
  oldestPendingSentAt(): number | undefined;
  /** The connection is dead: give it up (the session reconnects). Called once. */
  onDead(unansweredMs: number): void;
}

/**
 * Keeps the session alive, and watches that the server is. The server closes a connection that sends nothing for its
 * session timeout (30 s); the login result says how often to beat (10 s). A server that vanishes without closing (its
 * machine lost, a link cut) leaves the socket open for minutes of TCP retransmissions, so with a liveness watch the
 * heartbeat goes every second and a heartbeat that gets no frame back within `deadAfterMs` ends the connection —
 * unless a request sent before it is still being answered (the server answers a connection's frames in order, and a
 * room entry during a failover may take seconds; that request's own timeout covers it). A timer a background tab's
 * throttling delays cannot cause a false alarm: only time after a heartbeat actually sent counts.
 */
export class Heartbeat {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #beat: () => void;
  readonly #liveness: HeartbeatLiveness | undefined;
  #timer: unknown;
  #running = false;
  /** When the oldest heartbeat not yet followed by any frame was sent. */
  #unansweredSince: number | undefined;
  #lastBeatAt = Number.NEGATIVE_INFINITY;
  #lastTickAt = 0;
  #tickMs = 0;

  constructor(clock: Clock, intervalMs: number, beat: () => void, liveness?: HeartbeatLiveness) {
    this.#clock = clock;
    this.#beat = beat;
    this.#liveness = liveness !== undefined && liveness.deadAfterMs > 0 ? liveness : undefined;
    this.#intervalMs = this.#liveness === undefined ? intervalMs : Math.min(intervalMs, 1000);
  }

  start(): void {
    this.#running = true;
    this.#lastBeatAt = this.#lastTickAt = this.#clock.now();
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#clock.clearTimeout(this.#timer);
  }

  #schedule(): void {
    const tickMs = this.#tickMs = this.#liveness === undefined ? this.#intervalMs : Math.min(this.#intervalMs, Math.max(100, this.#liveness.deadAfterMs / 4));
    this.#timer = this.#clock.setTimeout(() => {
      if (this.#running) {
        this.#tick();
      }

      if (this.#running) {
        this.#schedule();
      }
    }, tickMs);
  }

  #tick(): void {
    const now = this.#clock.now();
    const liveness = this.#liveness;
    const late = liveness !== undefined && now - this.#lastTickAt > this.#tickMs + liveness.deadAfterMs / 2;
    this.#lastTickAt = now;
    if (late && this.#unansweredSince !== undefined) {
      // This page was not running (a blocked thread, a suspended device): the answer may be queued unread. Silence
      // while we did not run is no evidence; the server gets a full timeout from now.
      this.#unansweredSince = now;
    } else if (liveness !== undefined && this.#unansweredSince !== undefined) {
      if (liveness.lastReceivedAt() >= this.#unansweredSince) {
        this.#unansweredSince = undefined; // answered (by the ack or anything else)
      } else if (now - this.#unansweredSince >= liveness.deadAfterMs) {
        const waitingBehind = liveness.oldestPendingSentAt();
        if (waitingBehind === undefined || waitingBehind > this.#unansweredSince) {
          this.#running = false;
          liveness.onDead(now - this.#unansweredSince);
          return;
        }
      }
    }

    if (now - this.#lastBeatAt >= this.#intervalMs) {
      this.#lastBeatAt = now;
      this.#unansweredSince ??= now;
      this.#beat();
    }
  }
}
