import type { PeerConnectionReport, ReachPeerConfig } from "../peers/reach-peer.js";
import { ChildPeer } from "./ChildPeer.js";
import { peerScript } from "./paths.js";
import { until } from "./poll.js";

/**
 * A Chromium of the reach tests: the reach-peer script run in a network namespace (`prefix` is the `ip netns exec`
 * command) and driven over its child process — pages, the SDK harness in a page, WHIP/WHEP, connection reports,
 * screenshots and its diagnostics for failure artifacts.
 */
export class ReachChromium {
  readonly #peer: ChildPeer;

  private constructor(peer: ChildPeer) {
    this.#peer = peer;
  }

  /** Starts it and waits until it is ready (a failure to start fails with what the peer printed). */
  static async start(name: string, prefix: readonly string[]): Promise<ReachChromium> {
    const config: ReachPeerConfig = { name };
    const peer = new ChildPeer(name, [...prefix, process.execPath, peerScript("reach-peer")], config);
    const chromium = new ReachChromium(peer);
    try {
      await until("the Chromium peer ready", () => {
        peer.throwIfFailed();
        return peer.latest("ready");
      }, (ready) => ready !== undefined, 60_000);
    } catch (error) {
      await chromium.close();
      throw error;
    }

    return chromium;
  }

  /** Calls one of the peer's methods (see peers/reach-peer.ts). */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.#peer.call(method, args, 60_000) as Promise<T>;
  }

  /** Calls `window.harness[method](...args)` in a page (support/pageApi.ts). */
  harness<T>(page: string, method: string, ...args: unknown[]): Promise<T> {
    return this.call<T>("harness", page, method, args);
  }

  /** A page's peer connections as the browser reports them. */
  connections(page: string): Promise<PeerConnectionReport[]> {
    return this.call<PeerConnectionReport[]>("connections", page);
  }

  /** Screenshots of every page into `dir` (none when the peer cannot take them). */
  async screenshots(dir: string, label: string): Promise<string[]> {
    return ((await this.#peer.call("screenshot", [dir, label], 10_000).catch(() => [])) ?? []) as string[];
  }

  diagnostics(): string {
    return this.#peer.diagnostics();
  }

  async close(): Promise<void> {
    await this.#peer.call("close", [], 5000).catch(() => undefined);
    await this.#peer.kill();
  }
}
