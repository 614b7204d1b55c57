#!/usr/bin/env node
// Call setup time in Chromium through OpenLive (issue 15's figure), with a peer-to-peer baseline in the same run.
//
// Two pages, each logged in as its own user, each with Chromium's fake camera. N times: the caller page makes a video
// call (makeCall) and publishes its camera into the call's room; the callee page accepts as soon as the invitation
// arrives (the "ringing-to-accept automation") and publishes too. Each page notes when it first presents a frame of the
// other's camera (requestVideoFrameCallback). Times are on one clock (performance.timeOrigin + now(), one machine).
//   invite → both decode: from makeCall() to the later of the two first frames.
//   accept → both decode: from acceptCall() to the later of the two first frames.
// Baseline, in the same run: two RTCPeerConnections in one page over loopback, each sending its fake camera, from
// `new RTCPeerConnection` to both first frames — what WebRTC itself takes, without a server or signaling.
//
//   node benchmarks/node/call-setup.mjs --server http://127.0.0.1:PORT --app-id ID --key KEY [--runs 20] [--out FILE]
import { writeFileSync } from "node:fs";
import { launchChromium, openPage as openTab, parseArgs, percentile, sdkBundle, serverArgs, servePage } from "./bench-common.mjs";

const args = parseArgs();
const { serverUrl, appId, sig } = serverArgs(args, "call-setup.mjs --server URL --app-id ID --key KEY [--runs N] [--out FILE]");
const runs = Number(args.runs ?? 20);
const sdk = sdkBundle();

const page = `<!doctype html><html><head><meta charset="utf-8"><title>call-setup</title></head><body>
<script type="module">
import { LiveClient } from "/openlive.js";
const now = () => performance.timeOrigin + performance.now();
function firstFrame(track) {
  const video = document.createElement("video");
  video.muted = true; video.autoplay = true; video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  document.body.append(video);
  return new Promise((resolve) => video.requestVideoFrameCallback(() => { resolve(now()); video.remove(); }));
}
function remoteFrame(room, peerId) {
  return new Promise((resolve) => room.on("remoteTrack", ({ userId, source, track }) => {
    if (userId === peerId && source === "camera") resolve(firstFrame(track));
  }));
}
window.bench = {
  async login(serverUrl, appId, user, sig) {
    window.client = new LiveClient({ serverUrl, sdkAppId: appId });
    await window.client.login(user, sig);
    window.camera = await window.client.devices.openCamera({ width: 640, height: 360 });
  },
  // The callee: accept every invitation at once, publish, and note the caller's first frame.
  answerCalls(callerId) {
    window.answered = [];
    window.client.on("incomingCall", async ({ invitation }) => {
      const acceptedAt = now();
      const call = await window.client.acceptCall(invitation.callId);
      const frame = remoteFrame(call.room, callerId);
      await call.room.publish({ camera: window.camera });
      window.answered.push({ callId: String(invitation.callId), acceptedAt, frameAt: await frame });
      window.lastCall = call;
    });
  },
  async call(calleeId) {
    const invitedAt = now();
    const call = await window.client.makeCall(calleeId);
    const frame = remoteFrame(call.room, calleeId);
    await call.room.publish({ camera: window.camera });
    const frameAt = await frame;
    window.lastCall = call;
    return { callId: String(call.callId), invitedAt, frameAt };
  },
  async hangUp() {
    await window.lastCall?.hangUp().catch(() => undefined);
    window.lastCall = undefined;
  },
  answeredFor(callId) {
    return window.answered.find((a) => a.callId === callId);
  },
  async direct() {
    const media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: false });
    const other = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: false });
    const start = now();
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const atA = new Promise((resolve) => { a.ontrack = (e) => resolve(firstFrame(e.track)); });
    const atB = new Promise((resolve) => { b.ontrack = (e) => resolve(firstFrame(e.track)); });
    a.addTrack(media.getVideoTracks()[0]);
    b.addTrack(other.getVideoTracks()[0]);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    const both = Math.max(await atA, await atB);
    a.close(); b.close();
    media.getTracks().forEach((t) => t.stop()); other.getTracks().forEach((t) => t.stop());
    return both - start;
  },
};
window.ready = true;
</script></body></html>`;

const http = await servePage(page, { "/openlive.js": { type: "text/javascript", body: sdk } });
const browser = await launchChromium();
const openPage = () => openTab(browser, http.url);


const caller = await openPage();
const callee = await openPage();
await caller.evaluate(([s, a, u, g]) => window.bench.login(s, a, u, g), [serverUrl, appId, "bench_caller", sig("bench_caller")]);
await callee.evaluate(([s, a, u, g]) => window.bench.login(s, a, u, g), [serverUrl, appId, "bench_callee", sig("bench_callee")]);
await callee.evaluate((c) => window.bench.answerCalls(c), "bench_caller");

const fromInvite = [];
const fromAccept = [];
const direct = [];
for (let i = 0; i < runs; i++) {
  const made = await caller.evaluate((c) => window.bench.call(c), "bench_callee");
  const answered = await callee.waitForFunction((id) => window.bench.answeredFor(id), made.callId, { timeout: 30_000 }).then((handle) => handle.jsonValue());
  const bothAt = Math.max(made.frameAt, answered.frameAt);
  fromInvite.push(bothAt - made.invitedAt);
  fromAccept.push(bothAt - answered.acceptedAt);
  await caller.evaluate(() => window.bench.hangUp());
  await callee.waitForFunction(() => window.client.currentCall === undefined, undefined, { timeout: 15_000 });
  const baseTab = await openPage();
  direct.push(await baseTab.evaluate(() => window.bench.direct()));
  await baseTab.close();
  process.stderr.write(`run ${i + 1}/${runs}: invite → both decode ${fromInvite.at(-1).toFixed(0)} ms, accept → both decode ${fromAccept.at(-1).toFixed(0)} ms; direct ${direct.at(-1).toFixed(0)} ms\n`);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // keyframe requests are throttled to one per second per stream
}

await browser.close();
http.close();


const ms = (v) => v.toFixed(0);
const d50 = percentile(direct, 50);
const row = (label, values) => `| ${label} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} | ${(percentile(values, 50) / d50).toFixed(2)}× |`;
const lines = [
  `| path (${runs} calls, the callee accepts on the invitation, both publish 640x360) | p50 ms | p95 ms | max ms | p50 vs direct |`,
  "|---|---:|---:|---:|---:|",
  row("OpenLive: `makeCall()` → both sides present the other's first frame", fromInvite),
  row("OpenLive: `acceptCall()` → both sides present the other's first frame", fromAccept),
  row("baseline: two RTCPeerConnections in one page, connect → both first frames", direct),
];
console.log(lines.join("\n"));
if (args.out) {
  writeFileSync(args.out, `${lines.join("\n")}\n`);
}
