import type { Clock } from "../platform/Clock.js";
import { QualitySampler, type SampledConnection } from "./QualitySampler.js";
import type { RoomQuality } from "./RoomQuality.js";

/** @internal How a room samples its quality: every `intervalMs` on `clock`. */
export interface QualitySchedule {
  readonly intervalMs: number;
  readonly clock: Clock;
}

/**
 * @internal A room's quality data (iLiveSDK's qualityParamCallback every timeElapse, and getQualityData): one sample per interval,
 * each scheduled one interval after the last was (the stats are read asynchronously meanwhile), handed to `report`
 * until {@link stop}; {@link current} on demand, from the same baseline.
 */
export class RoomQualityReporter {
  readonly #schedule: QualitySchedule;
  readonly #connections: () => Promise<SampledConnection[]>;
  readonly #report: (quality: RoomQuality) => void;
  readonly #sampler: QualitySampler;
  #timer: unknown;
  #stopped = false;

  constructor(schedule: QualitySchedule, connections: () => Promise<SampledConnection[]>, report: (quality: RoomQuality) => void) {
    this.#schedule = schedule;
    this.#connections = connections;
    this.#report = report;
    this.#sampler = new QualitySampler(() => schedule.clock.now());
    this.#scheduleNext();
  }

  /** The snapshot now, measured since the last periodic one (which it repeats when asked within 100 ms of it). */
  async current(): Promise<RoomQuality> {
    const last = this.#sampler.last;
    if (this.#sampler.isFresh && last !== undefined) {
      return last;
    }

    return this.#sampler.sample(await this.#connections(), false);
  }

  stop(): void {
    this.#stopped = true;
    this.#schedule.clock.clearTimeout(this.#timer);
  }

  #scheduleNext(): void {
    this.#timer = this.#schedule.clock.setTimeout(() => {
      if (this.#stopped) {
        return;
      }

      this.#scheduleNext();
      void this.#connections().then((connections) => {
        if (!this.#stopped) {
          this.#report(this.#sampler.sample(connections, true));
        }
      }, () => undefined);
    }, this.#schedule.intervalMs);
  }
}
