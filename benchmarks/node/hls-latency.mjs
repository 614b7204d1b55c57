#!/usr/bin/env node
// Glass-to-glass latency of live HLS (issue 14's figure), with the WebRTC path through the same SFU as the baseline in
// the same run.
//
// The host page draws a 640x360 canvas 30 times a second — a moving pattern (so the encoder has work) and, at the
// bottom, the page's clock (Date.now(), 44 bits) as a row of black and white blocks — and publishes the canvas as its
// camera with the browser SDK, then starts live HLS (iLiveSDK's startPushStream with HLS). A viewer page plays the
// same member twice: through hls.js (the demo's watch page settings: `lowLatencyMode: true`, everything else hls.js's
// defaults) and through WebRTC (joinRoom + subscribe). At every frame either <video> presents
// (requestVideoFrameCallback) the page reads the blocks back and takes "now − the clock in the picture": capture to
// presentation, encoder, SFU, ffmpeg, segmenting, HTTP, player buffer and decoder included. All pages are in one
// Chromium on one machine, so both clocks are the same clock.
//
// --codec vp8   the host sends VP8 (Chromium's default): ffmpeg transcodes to H.264 for HLS.
// --codec h264  the host sends H.264 (codec preferences set on its transceivers): ffmpeg copies the video.
//
//   node benchmarks/node/hls-latency.mjs --server http://127.0.0.1:PORT --app-id ID --key KEY [--codec vp8,h264] [--runs 3] [--seconds 30] [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, openPage as openTab, parseArgs, percentile, repo, sdkBundle, serverArgs, servePage } from "./bench-common.mjs";

const usage = "hls-latency.mjs --server URL --app-id ID --key KEY [--codec vp8,h264] [--runs 3] [--seconds 30] [--out FILE]";
const args = parseArgs();
const { serverUrl, appId, sig } = serverArgs(args, usage);
const seconds = Number(args.seconds ?? 30);
const runs = Number(args.runs ?? 3);
const warmupSeconds = 8;
const codecs = String(args.codec ?? "vp8,h264").split(",").filter(Boolean);
if (codecs.some((codec) => codec !== "vp8" && codec !== "h264")) {
  console.error(`usage: ${usage}`);
  process.exit(2);
}

const sdk = sdkBundle();
const hlsJs = readFileSync(join(repo, "node_modules/hls.js/dist/hls.min.js"));
const hlsVersion = JSON.parse(readFileSync(join(repo, "node_modules/hls.js/package.json"), "utf8")).version;

// The clock code: 44 bits of Date.now(), most significant first, as 22 blocks of 28x28 px in two rows at the bottom of
// the picture (white = 1). Blocks this large survive any bitrate the encoders use here.
const page = `<!doctype html><html><head><meta charset="utf-8"><title>hls-latency</title></head><body>
<canvas id="c" width="640" height="360"></canvas>
<script src="/hls.min.js"></script>
<script type="module">
import { LiveClient } from "/openlive.js";
const bits = 44, perRow = 22, block = 28, top = 360 - 2 * block;
function drawFrame(context, frame) {
  const gradient = context.createLinearGradient(0, 0, 640, 0);
  gradient.addColorStop(0, "hsl(" + (frame * 3) % 360 + ", 70%, 45%)");
  gradient.addColorStop(1, "hsl(" + (frame * 3 + 180) % 360 + ", 70%, 45%)");
  context.fillStyle = gradient;
  context.fillRect(0, 0, 640, top);
  context.fillStyle = "#fff";
  context.fillRect((frame * 7) % 600, 40 + (frame * 3) % 200, 40, 40);
  const now = Date.now();
  for (let bit = 0; bit < bits; bit++) {
    const on = Math.floor(now / 2 ** (bits - 1 - bit)) % 2 === 1;
    context.fillStyle = on ? "#fff" : "#000";
    context.fillRect(8 + (bit % perRow) * block, top + Math.floor(bit / perRow) * block, block, block);
  }
}
function readClock(video, scratch) {
  const width = video.videoWidth, height = video.videoHeight;
  if (width === 0) return undefined;
  scratch.width = width; scratch.height = height;
  const context = scratch.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  let value = 0;
  for (let bit = 0; bit < bits; bit++) {
    const x = Math.round((8 + (bit % perRow) * block + block / 2) * width / 640);
    const y = Math.round((top + Math.floor(bit / perRow) * block + block / 2) * height / 360);
    const at = (y * width + x) * 4;
    const luma = (pixels[at] + pixels[at + 1] + pixels[at + 2]) / 3;
    value = value * 2 + (luma > 128 ? 1 : 0);
  }
  return value;
}
function sample(video, into) {
  const scratch = document.createElement("canvas");
  const onFrame = () => {
    const now = Date.now();
    const clock = readClock(video, scratch);
    // A picture caught mid-decode or a misread block gives a clock far off: keep only plausible ones.
    if (clock !== undefined && clock <= now && now - clock < 60_000) into.push({ at: now, latencyMs: now - clock });
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}
window.bench = {
  async host(serverUrl, appId, user, sig, room, codec) {
    if (codec === "h264") {
      // Put H.264 first on every video transceiver before each offer (the SDK has no codec option of its own).
      const h264 = RTCRtpSender.getCapabilities("video").codecs.filter((c) => c.mimeType === "video/H264" && /packetization-mode=1/.test(c.sdpFmtpLine ?? ""));
      const others = RTCRtpSender.getCapabilities("video").codecs.filter((c) => !h264.includes(c));
      const NativePeerConnection = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends NativePeerConnection {
        createOffer(...rest) {
          for (const transceiver of this.getTransceivers()) {
            if (transceiver.receiver.track.kind === "video" && transceiver.direction !== "recvonly") transceiver.setCodecPreferences([...h264, ...others]);
          }
          return super.createOffer(...rest);
        }
      };
    }
    const canvas = document.getElementById("c");
    const context = canvas.getContext("2d");
    let frame = 0;
    drawFrame(context, frame);
    setInterval(() => drawFrame(context, ++frame), 1000 / 30);
    const client = new LiveClient({ serverUrl, sdkAppId: appId });
    await client.login(user, sig);
    const entered = await client.createRoom(room, { controlRole: "LiveMaster" });
    await entered.publish({ camera: canvas.captureStream(30).getVideoTracks()[0] });
    const live = await entered.startPushStream({ encode: 1 });
    window.hostRoom = entered;
    return live.urls.find((u) => u.encodeType === 1).url;
  },
  async viewer(serverUrl, appId, user, sig, room, host, playlist) {
    window.samples = { hls: [], webrtc: [] };
    const client = new LiveClient({ serverUrl, sdkAppId: appId });
    await client.login(user, sig);
    const entered = await client.joinRoom(room, { controlRole: "Guest", autoRequestCamera: true });
    const rtc = document.createElement("video");
    rtc.muted = true; rtc.autoplay = true; rtc.playsInline = true;
    document.body.append(rtc);
    entered.on("remoteTrack", ({ userId, source, track }) => {
      if (userId === host && source === "camera") rtc.srcObject = new MediaStream([track]);
    });
    sample(rtc, window.samples.webrtc);
    for (let attempt = 0; attempt < 60; attempt++) {
      if ((await fetch(serverUrl + playlist, { method: "HEAD", cache: "no-store" })).ok) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const hls = document.createElement("video");
    hls.muted = true; hls.autoplay = true; hls.playsInline = true;
    document.body.append(hls);
    const player = new Hls({ lowLatencyMode: true });
    player.on(Hls.Events.MANIFEST_PARSED, () => void hls.play().catch(() => undefined));
    window.stalls = 0;
    player.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) window.hlsError = data.details;
      else if (data.details === "bufferStalledError") window.stalls++;
    });
    player.loadSource(serverUrl + playlist);
    player.attachMedia(hls);
    window.player = player;
    sample(hls, window.samples.hls);
  },
  state() {
    return { hls: window.samples.hls.length, webrtc: window.samples.webrtc.length, error: window.hlsError ?? null, stalls: window.stalls ?? 0,
      target: window.player?.targetLatency ?? null, segment: window.player?.levels?.[0]?.details?.averagetargetduration ?? null };
  },
  samplesSince(from) {
    const pick = (list) => list.filter((s) => s.at >= from).map((s) => s.latencyMs);
    return { hls: pick(window.samples.hls), webrtc: pick(window.samples.webrtc) };
  },
};
window.ready = true;
</script></body></html>`;

const http = await servePage(page, {
  "/openlive.js": { type: "text/javascript", body: sdk },
  "/hls.min.js": { type: "text/javascript", body: hlsJs },
});
// The host draws its own camera on a canvas: no fake devices.
const browser = await launchChromium({ fakeDevices: false });
const openPage = () => openTab(browser, http.url);



const rows = [];
for (let run = 1; run <= runs; run++) {
  // Alternate the codecs within a run, so drift on a shared machine affects both alike.
  for (const codec of codecs) {
    const room = 710000 + Math.floor(Math.random() * 100000);
    const host = `bench_hls_host_${codec}_${run}`;
    const hostTab = await openPage();
    const playlist = await hostTab.evaluate(([s, a, u, g, r, c]) => window.bench.host(s, a, u, g, r, c), [serverUrl, appId, host, sig(host), room, codec]);
    const viewerTab = await openPage();
    const viewer = `bench_hls_viewer_${codec}_${run}`;
    await viewerTab.evaluate(([s, a, u, g, r, h, p]) => window.bench.viewer(s, a, u, g, r, h, p), [serverUrl, appId, viewer, sig(viewer), room, host, playlist]);
    // Until both paths present frames, then a warm-up (hls.js settles on its live position), then the measured window.
    const started = Date.now();
    for (;;) {
      const state = await viewerTab.evaluate(() => window.bench.state());
      if (state.error) throw new Error(`hls.js: ${state.error}`);
      if (state.hls > 0 && state.webrtc > 0) break;
      if (Date.now() - started > 90_000) throw new Error(`no frames after 90 s: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const samples = await viewerTab.evaluate((f) => window.bench.samplesSince(f), from);
    const state = await viewerTab.evaluate(() => window.bench.state());
    const size = await viewerTab.evaluate(() => {
      const hls = document.querySelectorAll("video")[1];
      return `${hls.videoWidth}x${hls.videoHeight}`;
    });
    await viewerTab.close();
    await hostTab.close();
    if (samples.hls.length < seconds * 10 || samples.webrtc.length < seconds * 10) {
      throw new Error(`${codec}: too few frames read (hls ${samples.hls.length}, webrtc ${samples.webrtc.length} in ${seconds} s)`);
    }
    const row = { codec, size, stalls: state.stalls, segment: state.segment, hls50: percentile(samples.hls, 50), hls95: percentile(samples.hls, 95), rtc50: percentile(samples.webrtc, 50) };
    rows.push(row);
    process.stderr.write(`run ${run}/${runs} ${codec}: HLS p50 ${row.hls50} ms, p95 ${row.hls95} ms (${samples.hls.length} frames), WebRTC p50 ${row.rtc50} ms (${samples.webrtc.length} frames); segments ${state.segment} s, ${state.stalls} hls.js stalls; HLS p50 in the first and last fifth ${percentile(samples.hls.slice(0, samples.hls.length / 5), 50)} / ${percentile(samples.hls.slice(-samples.hls.length / 5), 50)} ms\n`);
  }
}

await browser.close();
http.close();

const label = { vp8: "VP8 host: ffmpeg transcodes to H.264 (libx264), Opus → AAC", h264: "H.264 host: ffmpeg copies the video" };
const lines = [
  `| host → viewer (${runs} runs, each ${seconds} s of every presented frame after ${warmupSeconds} s of play) | HLS p50 ms (median of runs) | HLS p50 range | HLS p95 ms (worst run) | WebRTC p50 ms (baseline) | HLS ÷ WebRTC | HLS segment s | hls.js stalls |`,
  "|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const codec of codecs) {
  const mine = rows.filter((r) => r.codec === codec);
  const hls50 = percentile(mine.map((r) => r.hls50), 50);
  const rtc50 = percentile(mine.map((r) => r.rtc50), 50);
  const range = `${Math.min(...mine.map((r) => r.hls50))}–${Math.max(...mine.map((r) => r.hls50))}`;
  const segment = percentile(mine.map((r) => r.segment ?? 0), 50);
  lines.push(`| ${label[codec]} (${mine[0].size}) | ${hls50} | ${range} | ${Math.max(...mine.map((r) => r.hls95))} | ${rtc50} | ${(hls50 / rtc50).toFixed(0)}× | ${segment.toFixed(2)} | ${mine.reduce((sum, r) => sum + r.stalls, 0)} |`);
}
lines.push("", `hls.js ${hlsVersion}, \`new Hls({ lowLatencyMode: true })\` as on the demo's watch page.`);
console.log(lines.join("\n"));
if (args.out) {
  writeFileSync(args.out, `${lines.join("\n")}\n`);
}
