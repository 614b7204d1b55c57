import { AVErrorCode, ILiveErrorCode } from "../gen/errors.js";
import type { LiveError } from "../errors/LiveError.js";

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
