import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { RtcSummary, ServerTrackStats } from "./support/pageApi.js";
import { until } from "./support/poll.js";
import { ReachChromium } from "./support/reachChromium.js";
import { Linked, ReachNamespaces } from "./support/reachNetns.js";
import { ReachServer } from "./support/reachServer.js";

// Picture quality under a bandwidth cap: the server in namespace S, a 1280x720 simulcast host and a viewer (Chromium)
// in C. A token-bucket cap (tc tbf) on S's side of the link limits what the server sends into C — the viewer's media —
// and not what the host sends. The SFU's estimate of the path to the viewer (from the viewer's transport-wide CC
// feedback) must bring the forwarded layer down to one that fits, and its probes must find the room again when the cap
// lifts. Read from the viewer's getStats() (decoded frame size) and the server's own view (the layer it forwards).
// The times are figures (docs/benchmarks.md). Needs root.

exitAfterTests();
const httpPort = 7880;
const url = `http://${Linked.server4}:${httpPort}`;
const capKbit = 500;

let namespaces: ReachNamespaces;
let server: ReachServer;
let peer: ReachChromium | undefined;
let dataDir: string;

function chromium(): ReachChromium {
  assert.ok(peer !== undefined, "the Chromium peer started");
  return peer;
}

const call = <T>(method: string, ...args: unknown[]): Promise<T> => chromium().call<T>(method, ...args);
const harness = <T>(page: string, method: string, ...args: unknown[]): Promise<T> => chromium().harness<T>(page, method, ...args);
const artifacts = {
  screenshots: async (dir: string, label: string) => (await peer?.screenshots(dir, label)) ?? [],
  logs: () => `${peer?.diagnostics() ?? ""}\n\nserver:\n${server?.output ?? ""}`,
};

function cap(on: boolean): void {
  const tc = on ? ["tc", "qdisc", "replace", "dev", "veth-s", "root", "tbf", "rate", `${capKbit}kbit`, "burst", "8kb", "latency", "200ms"]
    : ["tc", "qdisc", "del", "dev", "veth-s", "root"];
  namespaces.exec1("s", tc);
}

describe("picture quality under a bandwidth cap (server and Chromium in two namespaces)", { timeout: 300_000 }, () => {
  before(async () => {
    namespaces = ReachNamespaces.linked(); // fails the test (with the reason) without root
    dataDir = mkdtempSync(join(tmpdir(), "openlive-cap-"));
    server = ReachServer.start(namespaces, "s", dataDir, url, ["--media-port", "0"]);
    peer = await ReachChromium.start("c", namespaces.exec("c"));
    await withFailureArtifacts("cap-start", artifacts, async () => {
      await call("health", `${url}/healthz`, 90_000);
    });
  });

  after(async () => {
    await peer?.close();
    server?.kill();
    namespaces?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`a viewer capped at ${capKbit} kbit/s gets a lower layer that fits, and the top layer again when the cap lifts`, { timeout: 240_000 }, async (t) => {
    await withFailureArtifacts("cap-quality", artifacts, async () => {
      const suffix = randomBytes(3).toString("hex");
      const host = `cap_host_${suffix}`;
      const viewer = `cap_viewer_${suffix}`;
      const roomId = 1 + randomBytes(4).readUInt32BE(0) % 0xffff_fff0;
      const { sdkAppId } = server.devApp();
      await call("open", host);
      await call("open", viewer);
      await harness(host, "login", url, sdkAppId, host, server.sig(host));
      await harness(host, "createRoom", roomId);
      assert.deepEqual(await harness(host, "publish", { audio: true, camera: true, width: 1280, height: 720, simulcast: true }), { ok: true });
      await harness(viewer, "login", url, sdkAppId, viewer, server.sig(viewer));
      await harness(viewer, "joinRoom", roomId, "Guest");

      const inbound = async () => (await harness<RtcSummary>(viewer, "rtcStats")).inboundVideo.find((video) => video.userId === host);
      const forwarded = async () => (await harness<ServerTrackStats[]>(viewer, "mediaStats")).find((track) => track.direction === "subscribe" && track.source === "camera")?.layer;
      await until("the viewer decoding 1280x720 before the cap", inbound, (video) => video?.frameWidth === 1280, 60_000);

      cap(true);
      const capped = Date.now();
      await until("the server forwarding a lower layer under the cap", forwarded, (layer) => layer !== undefined && layer < 2, 30_000);
      const lowered = await until("the viewer decoding a lower layer under the cap", inbound, (video) => (video?.frameWidth ?? 1280) < 1280, 30_000);
      const down = (Date.now() - capped) / 1000;
      // Stays down while capped: the probes for the top layer fail and do not lift the estimate past the cap. Sampled
      // twice a second for 8 s, as a viewer would see a flap.
      const held: (number | undefined)[] = [];
      // What the host sent and the server forwarded whenever the top layer shows, so a flap names its cause.
      const flaps: string[] = [];
      for (const end = Date.now() + 8_000; Date.now() < end;) {
        const layer = await forwarded();
        held.push(layer);
        if (layer === 2) {
          const sent = (await harness<RtcSummary>(host, "rtcStats")).outboundVideo;
          const subscribe = (await harness<ServerTrackStats[]>(viewer, "mediaStats")).find((track) => track.direction === "subscribe" && track.source === "camera");
          flaps.push(`at ${((Date.now() - capped) / 1000).toFixed(1)} s: host sent ${JSON.stringify(sent)}; server forwarded ${JSON.stringify(subscribe)}`);
        }

        await new Promise((resolve) => setTimeout(resolve, 500));
      }

      assert.ok(held.every((layer) => layer !== undefined && layer < 2), `the top layer stays off while the cap holds: ${held.join(",")}; ${flaps.join("; ")}`);

      cap(false);
      const lifted = Date.now();
      await until("the server forwarding the top layer after the cap lifts", forwarded, (layer) => layer === 2, 40_000);
      await until("the viewer decoding 1280x720 again", inbound, (video) => video?.frameWidth === 1280, 40_000);
      const up = (Date.now() - lifted) / 1000;
      t.diagnostic(`capped at ${capKbit} kbit/s: ${lowered?.frameWidth}x${lowered?.frameHeight} after ${down.toFixed(1)} s; cap lifted: 1280x720 after ${up.toFixed(1)} s`);
    });
  });
});
