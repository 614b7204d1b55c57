// The child side of support/ChildPeer.ts: JSON lines out, JSON requests in, and no life beyond the test's.
import { createInterface } from "node:readline";

/** Prints one JSON line for the test. */
export function report(line: { type: string } & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The config the test passed as the last argument. */
export function peerConfig<T>(): T {
  const raw = process.argv[process.argv.length - 1];
  return JSON.parse(raw ?? "{}") as T;
}

/**
 * Ends the process the hard way (SIGKILL, as the test does): native WebRTC modules may crash or hang in their exit
 * handlers, and nothing here needs a clean exit.
 */
export function die(): never {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
}

/** Reports an error line and dies. */
export function fail(error: unknown): never {
  report({ type: "error", message: error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error) });
  die();
}

/**
 * Answers requests ({ id, method, args }) from stdin with { type: "reply", id, ok, value | error }, and dies when stdin
 * closes (the test process went away) or after `maxLifetimeMs` whatever happens.
 */
export function serveRequests(handlers: Record<string, (...args: never[]) => unknown>, maxLifetimeMs: number): void {
  setTimeout(() => fail(new Error(`still running after ${maxLifetimeMs} ms: killed itself`)), maxLifetimeMs);
  const lines = createInterface({ input: process.stdin });
  lines.on("close", () => die());
  lines.on("line", (text) => {
    let request: { id: number; method: string; args: unknown[] };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return;
    }

    const handler = handlers[request.method] as ((...args: unknown[]) => unknown) | undefined;
    void (async () => {
      try {
        if (handler === undefined) {
          throw new Error(`no method ${request.method}`);
        }

        const value = await handler(...(request.args ?? []));
        report({ type: "reply", id: request.id, ok: true, value: value ?? null });
      } catch (error) {
        report({ type: "reply", id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}
