import { execFileSync } from "node:child_process";

/**
 * Waits until links just set up in a network namespace have settled: each is operationally up (the veth's carrier,
 * LOWER_UP, comes a moment after `ip link set up`) and no address is still tentative (IPv6 duplicate address detection
 * on the link-local address the kernel adds at link up). A Chromium started before that sees the network change under
 * it and fails its navigation or ICE with ERR_NETWORK_CHANGED; waiting here is waiting on the real condition.
 * Throws, saying what it last saw, when the links have not settled within `timeoutMs`.
 */
export function waitForSettledLinks(links: ReadonlyArray<{ readonly ns: string; readonly device: string }>, timeoutMs = 10_000): void {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const unsettled = links.filter(({ ns, device }) => {
      const link = execFileSync("ip", ["-n", ns, "-o", "link", "show", "dev", device], { encoding: "utf8" });
      const tentative = execFileSync("ip", ["-n", ns, "-o", "addr", "show", "dev", device, "tentative"], { encoding: "utf8" });
      last = `${ns}/${device}: ${link.trim()} | tentative: ${tentative.trim() || "none"}`;
      return !/[<,]LOWER_UP[,>]/.test(link) || tentative.trim().length > 0;
    });
    if (unsettled.length === 0) {
      return;
    }

    if (Date.now() > deadline) {
      throw new Error(`network links did not settle within ${timeoutMs} ms; last seen ${last}`);
    }

    // A synchronous pause between polls (the namespace helpers are synchronous): 50 ms on a shared buffer.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}
