import { after } from "node:test";

/**
 * Imported by each media test file: once its tests are done and reported, a handle a WebRTC stack left open (a socket,
 * a timer in a closed peer connection) must not keep the file's process, and so the whole run, alive. The timer is
 * unref'd: a process that ends by itself ends sooner.
 */
export function exitAfterTests(graceMs = 5000): void {
  after(() => {
    setTimeout(() => process.exit(), graceMs).unref();
  });
}
