/** JSON for diagnostics (bigints as text, long output cut). */
export function describe(value: unknown, limit = 2000): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A failure no amount of waiting fixes (a peer died): {@link until} rethrows it at once. */
export class Fatal extends Error {}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Probes until `done` holds and returns the value that satisfied it; after `timeoutMs` fails with what was last
 * observed, so a timeout says what the system did instead of only that it did not.
 */
export async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await probe();
      failure = undefined;
      if (done(last)) {
        return last;
      }
    } catch (error) {
      if (error instanceof Fatal) {
        throw error;
      }

      failure = error;
    }

    if (Date.now() >= deadline) {
      const seen = failure !== undefined ? `the probe failed: ${failure instanceof Error ? failure.message : String(failure)}` : `last observed: ${describe(last)}`;
      throw new Error(`${what}: not within ${timeoutMs} ms; ${seen}`);
    }

    await sleep(intervalMs);
  }
}
