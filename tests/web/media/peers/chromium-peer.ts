// A Chromium test page in its own process, for tests that put peers in other network namespaces (`ip netns exec … node
// chromium-peer.mjs`): it launches its own headless Chromium with one test page (served on this namespace's loopback)
// and answers requests from the test on stdin (support/ChildPeer.ts):
//   health(url, timeoutMs)  waits until GET url answers 200 (the server, seen from this namespace)
//   harness(method, args)   calls window.harness[method](...args) in the page (support/pageApi.ts)
//   screenshot(dir, label)  saves a screenshot of the page there (after a failure); its path
//   close()                 leaves the room and closes the browser
import { MediaBrowser, type ChromiumPage } from "../support/MediaBrowser.js";
import type { PageHarness } from "../support/pageApi.js";
import { fail, peerConfig, report, serveRequests } from "./peerIo.js";

export interface ChromiumPeerConfig {
  /** The page's name in diagnostics. */
  readonly name: string;
}

const config = peerConfig<ChromiumPeerConfig>();
let browser: MediaBrowser | undefined;
let page: ChromiumPage | undefined;

serveRequests({
  async health(url: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) {
          return true;
        }
      } catch {
        // Not listening yet.
      }

      if (Date.now() > deadline) {
        throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      }

      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  },

  async harness(method: keyof PageHarness, args: unknown[]) {
    if (page === undefined) {
      throw new Error("the page is not open");
    }

    return page.call(method, ...(args as Parameters<PageHarness[typeof method]>));
  },

  async screenshot(dir: string, label: string) {
    return (await page?.screenshot(dir, label)) ?? null;
  },

  async close() {
    await browser?.close();
    return true;
  },
}, 180_000);

try {
  browser = await MediaBrowser.launch();
  page = await browser.page(config.name);
  report({ type: "ready" });
} catch (error) {
  fail(error);
}
