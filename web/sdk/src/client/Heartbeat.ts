import type { Clock } from "../platform/Clock.js";

/**
 * Sends a heartbeat every interval while running. The server closes a connection that sends nothing for its session
 * timeout (30 s); the login result says how often to beat (10 s).
 */
export class Heartbeat {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #beat: () => void;
  #timer: unknown;
  #running = false;

  constructor(clock: Clock, intervalMs: number, beat: () => void) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#beat = beat;
  }

  start(): void {
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#clock.clearTimeout(this.#timer);
  }

  #schedule(): void {
    this.#timer = this.#clock.setTimeout(() => {
      if (this.#running) {
        this.#beat();
        this.#schedule();
      }
    }, this.#intervalMs);
  }
}
