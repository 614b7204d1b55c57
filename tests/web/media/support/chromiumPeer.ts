import type { ChromiumPeerConfig } from "../peers/chromium-peer.js";
import { ChildPeer } from "./ChildPeer.js";
import { peerScript } from "./paths.js";

/** A Chromium page in its own process, run by `exec` (a namespace's exec prefix), driven over the harness calls. */
export function chromiumPeer(exec: readonly string[], name: string): ChildPeer {
  const config: ChromiumPeerConfig = { name };
  return new ChildPeer(name, [...exec, process.execPath, peerScript("chromium-peer")], config);
}

/** Calls the page's test harness (tests/web/media/page) in a Chromium peer. */
export async function harness<T>(peer: ChildPeer, method: string, ...args: unknown[]): Promise<T> {
  return (await peer.call("harness", [method, args], 30_000)) as T;
}
