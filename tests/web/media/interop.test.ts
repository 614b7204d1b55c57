import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Api } from "tls-sig-api-v2";
import { LoopbackStun } from "../sdk/support/LoopbackStun.js";
import { realServer, uniqueRoom, uniqueUser, userSig } from "../sdk/support/RealServer.js";
import type { WrtcPeerConfig } from "./peers/wrtc-peer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import type { ChildPeer } from "./support/ChildPeer.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { MediaBrowser, type ChromiumPage } from "./support/MediaBrowser.js";
import { describe as show, until } from "./support/poll.js";
import { WeriftPeer, type ReceivedRtp } from "./support/WeriftPeer.js";
import { startWrtcPeer, wrtcStats } from "./support/wrtc.js";

// Three WebRTC stacks through the real OpenLive server and SFU, each sending to the other two: Chromium (headless,
// fake devices), libwebrtc in Node (@roamhq/wrtc, in a child process it may crash at exit) and werift (pure JS, in
// this process; it cannot encode, so it sends VP8 that Chromium's encoder made, recorded through the SFU).

exitAfterTests();
const server = realServer();
let browser: MediaBrowser | undefined;
let stun: LoopbackStun | undefined;
const children: ChildPeer[] = [];
const werifts: WeriftPeer[] = [];

before(async () => {
  browser = await MediaBrowser.launch();
  stun = await LoopbackStun.start();
}, { timeout: 30_000 });

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(werifts.splice(0).map((peer) => peer.close()));
  await browser?.closePages();
}, { timeout: 30_000 });

after(async () => {
  await browser?.close();
  stun?.close();
}, { timeout: 30_000 });

function chromium(): MediaBrowser {
  if (browser === undefined) {
    throw new Error("Chromium did not start");
  }

  return browser;
}

async function chromiumMember(name: string): Promise<{ page: ChromiumPage; userId: string }> {
  const userId = uniqueUser(name);
  const page = await chromium().page(name);
  await page.call("login", server.url, server.sdkAppId, userId, userSig(userId));
  return { page, userId };
}

function wrtcMember(name: string, config: Pick<WrtcPeerConfig, "roomId" | "enter" | "controlRole" | "publish">): { peer: ChildPeer; userId: string } {
  const userId = uniqueUser(name);
  const peer = startWrtcPeer(name, { serverUrl: server.url, sdkAppId: server.sdkAppId, userId, userSig: userSig(userId), width: 320, height: 240, ...config });
  children.push(peer);
  return { peer, userId };
}

/** A werift member; a co-host (LiveGuest) in someone else's room joins with the app's privateMapKey for a co-host's bits. */
async function weriftMember(name: string, roomId: number, controlRole: string, recordSize?: { width: number; height: number }): Promise<{ peer: WeriftPeer; userId: string }> {
  if (stun === undefined) {
    throw new Error("no STUN server");
  }

  const userId = uniqueUser(name);
  const peer = await WeriftPeer.login(server, userId, userSig(userId), stun);
  werifts.push(peer);
  if (recordSize !== undefined) {
    peer.recordOnly(recordSize);
  }

  const coHostKey = controlRole === "LiveGuest" ? new Api(server.sdkAppId, server.key).genPrivateMapKey(userId, 3600, roomId, 0xfe) : undefined;
  await peer.join(roomId, controlRole, coHostKey);
  return { peer, userId };
}

function logs(): string {
  return children.map((child) => child.diagnostics()).join("\n\n");
}

/** werift got RTP of `kind` from `userId` in the publisher's codec (and, for VP8, a keyframe). */
function weriftGot(received: readonly ReceivedRtp[], userId: string, kind: "audio" | "video", codec: string): boolean {
  return received.some((track) => track.userId === userId && track.kind === kind && track.codec.toLowerCase() === codec.toLowerCase() && track.packets >= 50 && (kind === "audio" || track.keyframes >= 1));
}

describe("Chromium, libwebrtc and werift through OpenLive", { concurrency: false }, () => {
  it("Chromium publishes; libwebrtc decodes its video and audio, werift gets its VP8 (keyframe included) and Opus", { timeout: 90_000 }, async (t) => {
    await withFailureArtifacts("interop-chromium-publishes", { browser, logs }, async () => {
      const roomId = uniqueRoom();
      const host = await chromiumMember("chost");
      await host.page.call("createRoom", roomId);
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });

      const wrtc = wrtcMember("wviewer", { roomId, enter: "join", controlRole: "Guest", publish: false });
      const werift = await weriftMember("rviewer", roomId, "Guest");

      const decoded = await until("libwebrtc's sinks getting the host's 640x360 video and its beeps", () => wrtcStats(wrtc.peer),
        (stats) => (stats?.video[host.userId]?.frames ?? 0) >= 30 && stats?.video[host.userId]?.width === 640 && stats.video[host.userId]?.height === 360
          && (stats.audio[host.userId]?.chunks ?? 0) >= 100 && (stats.audio[host.userId]?.rms ?? 0) > 100, 40_000);
      const published = await host.page.call("mediaStats");
      const codec = published.find((track) => track.direction === "publish" && track.source === "camera")?.codec ?? "?";
      assert.equal(codec, "VP8", show(published));
      const rtp = await until("werift getting the host's VP8 with a keyframe, and Opus", () => werift.peer.received(),
        (received) => weriftGot(received, host.userId, "video", "video/VP8") && weriftGot(received, host.userId, "audio", "audio/opus"), 30_000);
      t.diagnostic(`libwebrtc: ${show(decoded?.video)} ${show(decoded?.audio)}; werift: ${show(rtp)}`);
    });
  });

  it("libwebrtc publishes; Chromium decodes its video and hears its tone, werift gets its VP8 (keyframe included) and Opus", { timeout: 90_000 }, async (t) => {
    await withFailureArtifacts("interop-wrtc-publishes", { browser, logs }, async () => {
      const roomId = uniqueRoom();
      const wrtc = wrtcMember("whost", { roomId, enter: "create", controlRole: "LiveMaster", publish: true });
      await until("the libwebrtc host publishing", () => {
        wrtc.peer.throwIfFailed();
        return wrtc.peer.latest("published");
      }, (line) => line !== undefined, 30_000);

      const viewer = await chromiumMember("cviewer");
      await viewer.page.call("joinRoom", roomId, "Guest");
      const werift = await weriftMember("rviewer", roomId, "Guest");

      const video = await until("Chromium decoding libwebrtc's 320x240 video", async () => (await viewer.page.call("rtcStats")).inboundVideo.find((v) => v.userId === wrtc.userId),
        (stats) => (stats?.framesDecoded ?? 0) >= 30 && stats?.frameWidth === 320 && stats.frameHeight === 240, 40_000);
      const audio = await until("Chromium hearing libwebrtc's 440 Hz tone", async () => (await viewer.page.call("rtcStats")).inboundAudio.find((a) => a.userId === wrtc.userId),
        (stats) => (stats?.totalAudioEnergy ?? 0) > 0 && (stats?.audioLevel ?? 0) > 0, 20_000);
      const rtp = await until("werift getting libwebrtc's VP8 with a keyframe, and Opus", () => werift.peer.received(),
        (received) => weriftGot(received, wrtc.userId, "video", "video/VP8") && weriftGot(received, wrtc.userId, "audio", "audio/opus"), 30_000);
      t.diagnostic(`Chromium: ${video?.framesDecoded} frames ${video?.frameWidth}x${video?.frameHeight} ${video?.codec}, audio level ${audio?.audioLevel}; werift: ${show(rtp)}`);
    });
  });

  it("werift publishes VP8 recorded from Chromium's encoder; Chromium and libwebrtc decode it", { timeout: 90_000 }, async (t) => {
    await withFailureArtifacts("interop-werift-publishes", { browser, logs }, async () => {
      const roomId = uniqueRoom();
      const host = await chromiumMember("chost");
      await host.page.call("createRoom", roomId);
      assert.deepEqual(await host.page.call("publish", { audio: false, camera: true, width: 640, height: 360 }), { ok: true });

      // A co-host on werift records 1.5 s of the host's VP8 from a 640x360 keyframe on (Chromium may start the camera
      // smaller, until its bandwidth estimate grows), then sends it as its own camera.
      const werift = await weriftMember("rcohost", roomId, "LiveGuest", { width: 640, height: 360 });
      const recording = await until("werift recording 45 frames of the host's 640x360 VP8", () => werift.peer.recording(host.userId), (frames) => frames.length >= 45, 30_000);
      await werift.peer.publishVp8(recording);

      const wrtc = wrtcMember("wviewer", { roomId, enter: "join", controlRole: "Guest", publish: false });
      const decoded = await until("the Chromium host decoding werift's video", async () => (await host.page.call("rtcStats")).inboundVideo.find((v) => v.userId === werift.userId),
        (stats) => (stats?.framesDecoded ?? 0) >= 60 && stats?.frameWidth === 640 && stats.frameHeight === 360, 40_000);
      const sunk = await until("libwebrtc's sink getting werift's video", () => wrtcStats(wrtc.peer),
        (stats) => (stats?.video[werift.userId]?.frames ?? 0) >= 60 && stats?.video[werift.userId]?.width === 640, 40_000);
      assert.equal(decoded?.framesDropped ?? 0, 0, show(decoded));
      t.diagnostic(`Chromium decoded ${decoded?.framesDecoded} of werift's frames (${decoded?.keyFramesDecoded} keyframes); libwebrtc ${show(sunk?.video[werift.userId])}`);
    });
  });
});
