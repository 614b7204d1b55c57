#!/usr/bin/env node
// Join-to-first-frame in Chromium through OpenLive (issue 6's figure), with a peer-to-peer baseline in the same run.
//
// A host page publishes Chromium's fake camera (640x360) into a room. Then, N times, a fresh viewer page is loaded and
// logged in (page load and login excluded), and the timer runs from `joinRoom()` to the first video frame presented in
// its <video> (requestVideoFrameCallback). Baseline, N times in fresh pages too: two RTCPeerConnections in one page
// over loopback, the fake camera already captured, from `new RTCPeerConnection` to the receiver's first presented
// frame — what WebRTC itself takes to connect and show a frame, without a server.
//
// --transport udp,tcp measures the viewers' joins once per listed transport in every run (alternating, same server,
// same host), so the medians compare like with like:
//   udp  the SDK as it is: the SFU's UDP candidates win.
//   tcp  ICE over TCP only: the viewer page drops the SFU's UDP candidates from every remote description before
//        Chromium sees it, so the only pairs ICE can form are Chromium's active TCP candidates with the SFU's passive
//        one (UDP to the media port is unusable for that page). Each join checks the selected pair really is TCP.
//   relay through a TURN server: the viewer's peer connections take `iceTransportPolicy: "relay"` with the ICE servers
//        its login got (web-join.sh runs the server with its embedded TURN for this), so every packet goes client →
//        TURN → SFU. Each join checks the selected pair's local candidate is a relay.
//
//   node benchmarks/node/join-first-frame.mjs --server http://127.0.0.1:PORT --app-id ID --key KEY [--runs 20] [--transport udp,tcp] [--out FILE]
import { writeFileSync } from "node:fs";
import { launchChromium, openPage as openTab, parseArgs, percentile, sdkBundle, serverArgs, servePage } from "./bench-common.mjs";

const args = parseArgs();
const { serverUrl, appId, sig } = serverArgs(args, "join-first-frame.mjs --server URL --app-id ID --key KEY [--runs N] [--transport udp,tcp,relay] [--out FILE]");
const runs = Number(args.runs ?? 20);
// How each transport's viewer page is set up (window.bench.login's `transport`); the page applies it in `only`.
const transports = {
  udp: "as the SDK does",
  tcp: "SFU UDP candidates removed: ICE-TCP only",
  relay: "iceTransportPolicy relay with the login's TURN credentials: through the TURN server",
};
const chosen = String(args.transport ?? "udp").split(",").filter(Boolean);
for (const transport of chosen) {
  if (!(transport in transports)) {
    console.error(`unknown transport ${transport}: one of ${Object.keys(transports).join(", ")}`);
    process.exit(2);
  }
}

// The page: the SDK bundle and a few helpers on window.
const sdk = sdkBundle();
const page = `<!doctype html><html><head><meta charset="utf-8"><title>join-first-frame</title></head><body>
<video id="v" autoplay muted playsinline width="320" height="180"></video>
<script type="module">
import { LiveClient } from "/openlive.js";
const video = document.getElementById("v");
// The SDK's peer connections (for the selected candidate pair), and the transport this page may use.
window.peers = [];
window.transport = "udp";
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration) {
    super(configuration);
    window.peers.push(this);
  }

  setRemoteDescription(description) {
    if (window.transport === "tcp" && description?.sdp) {
      const sdp = description.sdp.split("\\r\\n").filter((line) => !/^a=candidate:\\S+ \\d+ udp /i.test(line)).join("\\r\\n");
      return super.setRemoteDescription({ type: description.type, sdp });
    }

    return super.setRemoteDescription(description);
  }
};
async function selectedProtocol() {
  for (const peer of window.peers) {
    const report = await peer.getStats();
    for (const entry of report.values()) {
      if (entry.type === "transport" && entry.selectedCandidatePairId) {
        const pair = report.get(entry.selectedCandidatePairId);
        const local = report.get(pair?.localCandidateId);
        // A relay pair says "relay" (its protocol is the one towards the TURN server).
        return local?.candidateType === "relay" ? "relay" : local?.protocol ?? "?";
      }
    }
  }

  return "none";
}
function firstFrame() {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
}
window.bench = {
  async host(serverUrl, appId, user, sig, room) {
    const client = new LiveClient({ serverUrl, sdkAppId: appId });
    await client.login(user, sig);
    const entered = await client.createRoom(room, { controlRole: "LiveMaster" });
    const camera = await client.devices.openCamera({ width: 640, height: 360 });
    await entered.publish({ camera });
    window.hostClient = client;
  },
  async login(serverUrl, appId, user, sig, transport) {
    window.transport = transport;
    const rtcConfiguration = transport === "relay" ? { bundlePolicy: "max-bundle", iceServers: [], iceTransportPolicy: "relay" } : undefined;
    window.client = new LiveClient({ serverUrl, sdkAppId: appId, ...(rtcConfiguration ? { rtcConfiguration } : {}) });
    await window.client.login(user, sig);
  },
  async join(room, host) {
    const shown = firstFrame();
    const start = performance.now();
    const entered = await window.client.joinRoom(room, { controlRole: "Guest", autoRequestCamera: true });
    const joined = performance.now();
    entered.on("remoteTrack", ({ userId, source, track }) => {
      if (userId === host && source === "camera") {
        video.srcObject = new MediaStream([track]);
      }
    });
    const frame = await shown;
    return { joinMs: joined - start, firstFrameMs: frame - start, width: video.videoWidth, protocol: await selectedProtocol() };
  },
  async direct() {
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: false });
    const shown = firstFrame();
    const start = performance.now();
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
    receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
    receiver.ontrack = (e) => { video.srcObject = new MediaStream([e.track]); };
    sender.addTrack(media.getVideoTracks()[0]);
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription);
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription);
    const frame = await shown;
    return { firstFrameMs: frame - start, width: video.videoWidth };
  },
};
window.ready = true;
</script></body></html>`;

const http = await servePage(page, { "/openlive.js": { type: "text/javascript", body: sdk } });
const browser = await launchChromium();
const openPage = () => openTab(browser, http.url);


const room = 700000 + Math.floor(Math.random() * 100000);
const hostTab = await openPage();
await hostTab.evaluate(([s, a, u, g, r]) => window.bench.host(s, a, u, g, r), [serverUrl, appId, "bench_host", sig("bench_host"), room]);
await new Promise((resolve) => setTimeout(resolve, 2000)); // the host's encoder is up and sending

const sfuBy = Object.fromEntries(chosen.map((transport) => [transport, []]));
const direct = [];
for (let i = 0; i < runs; i++) {
  // Alternate the kinds so drift on a noisy machine affects all alike.
  const line = [];
  for (const transport of chosen) {
    const viewer = `bench_viewer_${transport}_${i}`;
    const tab = await openPage();
    await tab.evaluate(([s, a, u, g, t]) => window.bench.login(s, a, u, g, t), [serverUrl, appId, viewer, sig(viewer), transport]);
    const result = await tab.evaluate(([r, h]) => window.bench.join(r, h), [room, "bench_host"]);
    await tab.close();
    if (result.protocol !== transport) {
      console.error(`run ${i + 1}: the ${transport} join selected a ${result.protocol} candidate pair`);
      process.exit(1);
    }

    sfuBy[transport].push(result);
    line.push(`${transport} ${result.firstFrameMs.toFixed(0)} ms (join answered at ${result.joinMs.toFixed(0)} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // keyframe requests are throttled to one per second per stream
  }

  const baseTab = await openPage();
  direct.push(await baseTab.evaluate(() => window.bench.direct()));
  await baseTab.close();
  process.stderr.write(`run ${i + 1}/${runs}: through OpenLive ${line.join(", ")}; direct ${direct.at(-1).firstFrameMs.toFixed(0)} ms\n`);
}

await browser.close();
http.close();


const ms = (v) => v.toFixed(0);
const directFrames = direct.map((r) => r.firstFrameMs);
const lines = [
  `| path (${runs} joins each, fresh page per join, page load and login excluded) | p50 ms | p95 ms | max ms | p50 vs direct |`,
  "|---|---:|---:|---:|---:|",
];
for (const transport of chosen) {
  const sfuFrames = sfuBy[transport].map((r) => r.firstFrameMs);
  const joins = sfuBy[transport].map((r) => r.joinMs);
  const label = chosen.length === 1 && transport === "udp" ? "OpenLive" : `OpenLive over ${transport.toUpperCase()}`;
  lines.push(
    `| ${label}: \`joinRoom()\` → first frame presented | ${ms(percentile(sfuFrames, 50))} | ${ms(percentile(sfuFrames, 95))} | ${ms(Math.max(...sfuFrames))} | ${(percentile(sfuFrames, 50) / percentile(directFrames, 50)).toFixed(2)}× |`,
    `| ${label}: \`joinRoom()\` answered | ${ms(percentile(joins, 50))} | ${ms(percentile(joins, 95))} | ${ms(Math.max(...joins))} | |`,
  );
}

lines.push(`| baseline: two RTCPeerConnections in one page, connect → first frame | ${ms(percentile(directFrames, 50))} | ${ms(percentile(directFrames, 95))} | ${ms(Math.max(...directFrames))} | 1.00× |`);
const table = lines.join("\n");
console.log(table);
if (args.out) {
  writeFileSync(args.out, `${table}\n`);
}
