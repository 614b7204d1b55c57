#!/usr/bin/env node
// Time to the top simulcast layer in Chromium through OpenLive (issue 17's figure), with a one-encoding baseline in the
// same run.
//
// Every trial is a fresh room with a fresh host page and a fresh viewer page (each logged in as its own user before the
// clock starts). The host publishes Chromium's fake camera (captured at 1280x720) and microphone with the browser SDK;
// the viewer joins the moment `publish()` returns (audience role, camera received automatically, layer "auto": the
// server picks). Both pages read their peer connections' getStats() every 50 ms, on one clock
// (performance.timeOrigin + now(), one machine):
//   host   `publish()` returned → the top encoding (rid f, or the only one) is encoded 1280 wide (outbound-rtp
//          frameWidth), and the sender's estimate (the selected candidate pair's availableOutgoingBitrate) 2 s after
//          `publish()` returned;
//   viewer first decoded frame (inbound-rtp framesDecoded > 0) → first 1280x720 decode (inbound-rtp frameWidth/Height),
//          and `publish()` returned → that 1280x720 decode (0 after the first frame when the first frame is already
//          1280x720, so this one compares the two kinds without that floor).
// Two kinds of trial, alternating in every run, same server:
//   simulcast  `publish({ simulcast: true })`: rids q/h/f at 1/4, 1/2, 1/1 — the product's path.
//   single     the same host without simulcast (one 1280x720 encoding): Chromium's own encoder and bandwidth ramp on
//              one stream, through the same SFU.
// A trial that does not reach 1280 wide (host) or 1280x720 (viewer) within 30 s counts as 30 s and is flagged. Each
// trial's log (the top encoding's width and quality limitation as they changed) goes to stderr and, with --out, to
// FILE-runs.txt.
//
//   node benchmarks/node/top-layer.mjs --server http://127.0.0.1:PORT --app-id ID --key KEY [--runs 10] [--out FILE]
import { writeFileSync } from "node:fs";
import { launchChromium, openPage as openTab, parseArgs, percentile, sdkBundle, serverArgs, servePage } from "./bench-common.mjs";

const args = parseArgs();
const { serverUrl, appId, sig } = serverArgs(args, "top-layer.mjs --server URL --app-id ID --key KEY [--runs N] [--out FILE]");
const runs = Number(args.runs ?? 10);
const limitMs = 30_000;

const sdk = sdkBundle();
const page = `<!doctype html><html><head><meta charset="utf-8"><title>top-layer</title></head><body>
<script type="module">
import { LiveClient } from "/openlive.js";
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const LIMIT = ${limitMs};
// The SDK's peer connections, for getStats().
const peers = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration) {
    super(configuration);
    peers.push(this);
  }
};
// This page's video: each outbound encoding (rid, width, limitation, target), the sending connection's estimate, and
// the first inbound video's decode count and size.
async function stats() {
  const out = { outbound: [], estimate: 0, inbound: undefined };
  for (const peer of peers) {
    if (peer.connectionState === "closed") continue;
    const report = await peer.getStats();
    let sends = false;
    let estimate = 0;
    for (const entry of report.values()) {
      if (entry.type === "outbound-rtp" && entry.kind === "video") {
        sends = true;
        out.outbound.push({ rid: entry.rid ?? "", width: entry.frameWidth ?? 0, fps: entry.framesPerSecond ?? 0,
          limitation: entry.qualityLimitationReason ?? "", targetKbps: Math.round((entry.targetBitrate ?? 0) / 1000) });
      } else if (entry.type === "inbound-rtp" && entry.kind === "video" && out.inbound === undefined) {
        out.inbound = { decoded: entry.framesDecoded ?? 0, width: entry.frameWidth ?? 0, height: entry.frameHeight ?? 0, fps: entry.framesPerSecond ?? 0 };
      } else if (entry.type === "candidate-pair" && entry.nominated === true && entry.state === "succeeded") {
        estimate = Math.max(estimate, entry.availableOutgoingBitrate ?? 0);
      }
    }
    if (sends) out.estimate = Math.max(out.estimate, estimate);
  }
  return out;
}
const top = (outbound) => outbound.find((e) => e.rid === "f") ?? outbound.find((e) => e.rid === "") ?? outbound.at(-1);
window.bench = {
  async login(serverUrl, appId, user, sig) {
    window.client = new LiveClient({ serverUrl, sdkAppId: appId });
    await window.client.login(user, sig);
  },
  // Creates the room and publishes; returns when publish() does and keeps watching the top encoding in window.host.
  async host(room, simulcast) {
    const entered = await window.client.createRoom(room, { controlRole: "LiveMaster" });
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    await entered.publish({ audio: media.getAudioTracks()[0], camera: media.getVideoTracks()[0], streams: [media], simulcast });
    const publishedAt = now();
    const result = window.host = { publishedAt, topMs: undefined, estimateKbps: undefined, layers: "", steps: [], done: false };
    (async () => {
      while (now() - publishedAt < LIMIT && (result.topMs === undefined || result.estimateKbps === undefined)) {
        const s = await stats();
        const at = now() - publishedAt;
        const f = top(s.outbound);
        // The top encoding's width and limitation each time either changes, for the per-trial log.
        const step = f === undefined ? "" : f.width + " " + f.limitation;
        if (step !== (result.steps.at(-1)?.step ?? "")) result.steps.push({ step, at });
        if (result.topMs === undefined && f?.width === 1280) {
          result.topMs = at;
          result.topLimitation = f.limitation;
        }
        if (result.estimateKbps === undefined && at >= 2000) {
          result.estimateKbps = Math.round(s.estimate / 1000);
          result.estimateAtMs = at;
        }
        result.layers = s.outbound.map((e) => (e.rid || "-") + ":" + e.width + "@" + e.fps + " " + e.limitation + " " + e.targetKbps + "k").join(" | ");
        await sleep(Math.max(0, (result.estimateKbps === undefined ? Math.min(50, 2000 - at) : 50)));
      }
      result.done = true;
    })();
    return publishedAt;
  },
  // Joins the room and keeps watching the host's decoded video in window.viewer.
  async view(room) {
    const joinAt = now();
    const entered = await window.client.joinRoom(room, { controlRole: "Guest", autoRequestCamera: true });
    entered.on("remoteTrack", ({ track }) => {
      const element = document.createElement(track.kind === "video" ? "video" : "audio");
      element.autoplay = true; element.muted = true; element.playsInline = true;
      element.srcObject = new MediaStream([track]);
      document.body.append(element);
    });
    const result = window.viewer = { joinAt, firstAt: undefined, topMs: undefined, size: "", done: false };
    (async () => {
      while (result.firstAt === undefined ? now() - joinAt < LIMIT : now() - result.firstAt < LIMIT) {
        const s = await stats();
        const at = now();
        if (result.firstAt === undefined && (s.inbound?.decoded ?? 0) > 0) result.firstAt = at;
        if (s.inbound) result.size = s.inbound.width + "x" + s.inbound.height + "@" + s.inbound.fps;
        if (result.firstAt !== undefined && s.inbound?.width === 1280 && s.inbound?.height === 720) {
          result.topMs = at - result.firstAt;
          break;
        }
        await sleep(50);
      }
      result.done = true;
    })();
  },
};
window.ready = true;
</script></body></html>`;

const http = await servePage(page, { "/openlive.js": { type: "text/javascript", body: sdk } });
const browser = await launchChromium();
const openPage = () => openTab(browser, http.url);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One trial: a fresh room, host and viewer; what both pages saw. */
async function trial(kind, i) {
  const room = 800000 + Math.floor(Math.random() * 100000);
  const hostUser = `bench_top_host_${kind}_${i}`;
  const viewerUser = `bench_top_viewer_${kind}_${i}`;
  const hostTab = await openPage();
  const viewerTab = await openPage();
  await hostTab.evaluate(([s, a, u, g]) => window.bench.login(s, a, u, g), [serverUrl, appId, hostUser, sig(hostUser)]);
  await viewerTab.evaluate(([s, a, u, g]) => window.bench.login(s, a, u, g), [serverUrl, appId, viewerUser, sig(viewerUser)]);
  await hostTab.evaluate(([r, s]) => window.bench.host(r, s), [room, kind === "simulcast"]);
  await viewerTab.evaluate((r) => window.bench.view(r), room);
  const options = { timeout: 2 * limitMs + 10_000, polling: 200 };
  await hostTab.waitForFunction(() => window.host.done, undefined, options);
  await viewerTab.waitForFunction(() => window.viewer.done, undefined, options);
  const host = await hostTab.evaluate(() => window.host);
  const viewer = await viewerTab.evaluate(() => window.viewer);
  await viewerTab.close();
  await hostTab.close();
  return {
    hostMs: host.topMs ?? limitMs,
    hostMissed: host.topMs === undefined,
    viewerMs: viewer.topMs ?? limitMs,
    viewerMissed: viewer.topMs === undefined,
    estimateKbps: host.estimateKbps ?? 0,
    firstFrameMs: viewer.firstAt === undefined ? undefined : viewer.firstAt - host.publishedAt,
    // publish() → the viewer's 1280x720 (both pages on one clock): the first frame's time plus the wait after it.
    publishToViewerMs: viewer.firstAt === undefined ? limitMs : Math.min(limitMs, viewer.firstAt - host.publishedAt + (viewer.topMs ?? limitMs)),
    detail: `top encoding ${host.steps.map((s) => `${s.step} @${(s.at / 1000).toFixed(1)}s`).join(" → ")}; at the end host [${host.layers}], viewer ${viewer.size}`,
  };
}

const kinds = ["simulcast", "single"];
const results = { simulcast: [], single: [] };
const log = [];
for (let i = 0; i < runs; i++) {
  for (const kind of kinds) {
    const r = await trial(kind, i);
    results[kind].push(r);
    const flag = (missed) => (missed ? " (NOT REACHED in 30 s)" : "");
    log.push(
      `run ${i + 1}/${runs} ${kind}: host 1280 wide ${(r.hostMs / 1000).toFixed(2)} s${flag(r.hostMissed)}, ` +
        `viewer first frame ${r.firstFrameMs === undefined ? "never" : `${(r.firstFrameMs / 1000).toFixed(2)} s`} after publish → 1280x720 ${(r.viewerMs / 1000).toFixed(2)} s later${flag(r.viewerMissed)}, ` +
        `estimate at 2 s ${r.estimateKbps} kbit/s; ${r.detail}`,
    );
    process.stderr.write(`${log.at(-1)}\n`);
    await sleep(1100);
  }
}

await browser.close();
http.close();


const seconds = (v) => (v / 1000).toFixed(2);
const kbps = (v) => v.toFixed(0);
const missed = (list, key) => list.filter((r) => r[key]).length;
function row(label, kind, key, format, missedKey) {
  const values = results[kind].map((r) => r[key]);
  const base = percentile(results.single.map((r) => r[key]), 50);
  const p50 = percentile(values, 50);
  const ratio = base > 0 ? `${(p50 / base).toFixed(2)}×` : "—";
  const flags = missedKey === undefined ? "" : `${runs - missed(results[kind], missedKey)}/${runs}`;
  return `| ${label} | ${format(p50)} | ${format(percentile(values, 95))} | ${format(Math.max(...values))} | ${ratio} | ${flags} |`;
}
const lines = [
  `| measure (${runs} trials each, fresh room, host and viewer pages per trial; camera 1280x720) | p50 | p95 | max | p50 simulcast ÷ single | reached in 30 s |`,
  "|---|---:|---:|---:|---:|---:|",
  row("simulcast: `publish()` → host encodes rid f 1280 wide (s)", "simulcast", "hostMs", seconds, "hostMissed"),
  row("simulcast: viewer's first decoded frame → viewer decodes 1280x720 (s)", "simulcast", "viewerMs", seconds, "viewerMissed"),
  row("simulcast: `publish()` → viewer decodes 1280x720 (s)", "simulcast", "publishToViewerMs", seconds, "viewerMissed"),
  row("simulcast: host's estimate 2 s after `publish()` (kbit/s)", "simulcast", "estimateKbps", kbps),
  row("baseline, one encoding: `publish()` → host encodes 1280 wide (s)", "single", "hostMs", seconds, "hostMissed"),
  row("baseline, one encoding: viewer's first decoded frame → viewer decodes 1280x720 (s)", "single", "viewerMs", seconds, "viewerMissed"),
  row("baseline, one encoding: `publish()` → viewer decodes 1280x720 (s)", "single", "publishToViewerMs", seconds, "viewerMissed"),
  row("baseline, one encoding: host's estimate 2 s after `publish()` (kbit/s)", "single", "estimateKbps", kbps),
];
const table = lines.join("\n");
console.log(table);
if (args.out) {
  writeFileSync(args.out, `${table}\n`);
  writeFileSync(args.out.replace(/(\.md)?$/, "-runs.txt"), `${log.join("\n")}\n`);
}
