import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { delay, type Clock } from "../platform/Clock.js";

/** Reconnect delays: 0.2 s doubling to 2 s, as the .NET SDK. */
export class Backoff {
  static readonly firstMs = 200;
  static readonly lastMs = 2000;
  #nextMs = Backoff.firstMs;

  /** The delay before the next attempt (and doubles the one after). */
  next(): number {
    const current = this.#nextMs;
    this.#nextMs = Math.min(current * 2, Backoff.lastMs);
    return current;
  }
}

/** Network trouble and timeouts are worth another try; a refused ticket, app or version is not. */
export function isRetryable(error: LiveError): boolean {
  return error.is("ILiveSDK", ILiveErrorCode.NetUndefine)
    || error.is("AVSDK", AVErrorCode.Timeout)
    || error.is("AVSDK", AVErrorCode.ServerFailed)
    || error.is("ILiveSDK", ILiveErrorCode.BusyHere);
}

/** How {@link retryUntil} ended. */
export type RetryOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LiveError | undefined };

/**
 * Runs `attempt` until it succeeds, fails with an error that is not worth retrying, `deadline` (clock ms) passes, or
 * `wanted` turns false; waits with {@link Backoff} between attempts. The error is the last failure (undefined when
 * no longer wanted).
 */
export async function retryUntil<T>(clock: Clock, deadline: number, wanted: () => boolean, attempt: () => Promise<T>): Promise<RetryOutcome<T>> {
  const backoff = new Backoff();
  let lastError: LiveError | undefined;
  while (wanted() && clock.now() < deadline) {
    try {
      return { ok: true, value: await attempt() };
    } catch (error) {
      lastError = error instanceof LiveError ? error : LiveError.iLive(ILiveErrorCode.SdkFailed, String(error), error);
      if (!isRetryable(lastError)) {
        return { ok: false, error: lastError };
      }

      await delay(clock, backoff.next());
    }
  }

  return { ok: false, error: wanted() ? lastError : undefined };
}
