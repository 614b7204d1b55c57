import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemberEventId } from "@openlive/sdk";
import { uniqueRoom } from "../sdk/support/RealServer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { ChromiumPage, MediaBrowser } from "./support/MediaBrowser.js";
import { ChromiumSuite } from "./support/chromiumSuite.js";
import type { InboundAudio, InboundVideo } from "./support/pageApi.js";
import { describe as show, sleep, until } from "./support/poll.js";

// Chromium through the real OpenLive server and SFU (the runner's server, media on loopback): a host page publishes its
// fake camera (a test pattern) and microphone (a beep) with the browser SDK; other pages receive it. One browser for
// the file, a tab per member, a fresh room per test.

exitAfterTests();
const suite = ChromiumSuite.use();
const server = suite.server;

function chromium(): MediaBrowser {
  return suite.chromium();
}

function member(name: string): Promise<{ page: ChromiumPage; userId: string }> {
  return suite.member(name);
}

async function inboundVideo(page: ChromiumPage, from: string): Promise<InboundVideo | undefined> {
  return (await page.call("rtcStats")).inboundVideo.find((video) => video.userId === from);
}

async function inboundAudio(page: ChromiumPage, from: string): Promise<InboundAudio | undefined> {
  return (await page.call("rtcStats")).inboundAudio.find((audio) => audio.userId === from);
}

function eventsAbout(page: ChromiumPage, userId: string): Promise<number[]> {
  return page.call("observed").then((seen) => seen.events.filter((event) => event.userIds.includes(userId)).map((event) => event.eventId));
}

describe("Chromium through OpenLive", { concurrency: false }, () => {
  it("devices: the fake camera and microphone are listed, the device test previews and measures them, its states give 1601/1602, an unknown camera 1301", { timeout: 60_000 }, async () => {
    await withFailureArtifacts("chromium-devices", { browser: suite.browser }, async () => {
      const tester = await member("tester");
      const check = await tester.page.call("checkDevices", uniqueRoom());
      assert.ok(check.cameras >= 1 && check.microphones >= 1, show(check));
      assert.ok(check.cameraLabels, "labels are known once capture was allowed");
      assert.ok(check.previewWidth > 0, show(check));
      assert.ok(check.maxLevel > 0, `the fake microphone's beep is measured: ${show(check)}`);
      assert.deepEqual(check.codes, ["AVSDK 1601", "AVSDK 1602", "AVSDK 1602", "AVSDK 1301"]);
      assert.ok(check.stopped, "stopping the test closes the devices");
    });
  });

  it("a host's camera and microphone reach an audience page: video decodes and plays, audio is not silent; camera off is NO_CAMERA_VIDEO, on again HAS_CAMERA_VIDEO", { timeout: 90_000 }, async (t) => {
    await withFailureArtifacts("chromium-publish-subscribe", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await member("host");
      await host.page.call("createRoom", roomId);
      const viewer = await member("viewer");
      await viewer.page.call("joinRoom", roomId, "Guest");

      // The viewer is in before the host publishes: it learns of the media from HAS_ events and a subscriber offer.
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      await until("the viewer's HAS_CAMERA_VIDEO (3) and HAS_AUDIO (5) for the host", () => eventsAbout(viewer.page, host.userId),
        (ids) => ids.includes(MemberEventId.HasCameraVideo) && ids.includes(MemberEventId.HasAudio), 20_000);
      await until("the host's camera and audio as remote tracks on the viewer", () => viewer.page.call("observed"),
        (seen) => ["camera", "audio"].every((source) => seen.tracks.some((track) => track.userId === host.userId && track.source === source)), 20_000);

      const decoding = await until("the viewer decoding the host's 640x360 VP8", () => inboundVideo(viewer.page, host.userId),
        (video) => video !== undefined && video.framesDecoded >= 15 && video.frameWidth === 640 && video.frameHeight === 360, 30_000);
      const decodedLater = await until("decoded frames growing by 30 more", () => inboundVideo(viewer.page, host.userId),
        (video) => (video?.framesDecoded ?? 0) >= (decoding?.framesDecoded ?? 0) + 30, 15_000);
      assert.match(decodedLater?.codec ?? "", /VP8/i);

      const playing = await until("the <video> showing the host", () => viewer.page.call("video", host.userId),
        (video) => video !== undefined && video.videoWidth === 640 && video.videoHeight === 360 && video.currentTime > 0, 10_000);
      await until("the <video>'s currentTime advancing by a second", () => viewer.page.call("video", host.userId),
        (video) => (video?.currentTime ?? 0) >= (playing?.currentTime ?? 0) + 1, 10_000);

      // Chromium's fake microphone beeps once a second: the received energy grows with each beep.
      const heard = await until("audio arriving", () => inboundAudio(viewer.page, host.userId),
        (audio) => audio !== undefined && audio.totalSamplesReceived > 0 && audio.totalAudioEnergy > 0, 15_000);
      const louder = await until("audio energy growing (the beeps)", () => inboundAudio(viewer.page, host.userId),
        (audio) => (audio?.totalAudioEnergy ?? 0) > (heard?.totalAudioEnergy ?? 0) && (audio?.totalSamplesReceived ?? 0) > (heard?.totalSamplesReceived ?? 0), 10_000);
      assert.match(louder?.codec ?? "", /opus/i);

      // The server's view of the same media.
      const received = await until("the viewer's media stats listing the host's tracks", () => viewer.page.call("mediaStats"),
        (tracks) => ["camera", "audio"].every((source) => tracks.some((track) => track.direction === "subscribe" && track.userId === host.userId && track.source === source && track.packets > 0)), 10_000);
      const published = await host.page.call("mediaStats");
      assert.ok(["camera", "audio"].every((source) => published.some((track) => track.direction === "publish" && track.source === source && track.packets > 0)), show(published));
      t.diagnostic(`viewer decoded ${decodedLater?.framesDecoded} frames (${decodedLater?.frameWidth}x${decodedLater?.frameHeight}, ${decodedLater?.codec}); audio energy ${louder?.totalAudioEnergy.toFixed(4)}; server stats ${show(received)}`);

      // Camera off: the viewer hears of it as NO_CAMERA_VIDEO; the audio goes on.
      await host.page.call("unpublish", "camera");
      await until("the viewer's NO_CAMERA_VIDEO (4) for the host", () => eventsAbout(viewer.page, host.userId),
        (ids) => ids.includes(MemberEventId.NoCameraVideo), 15_000);
      const audioBefore = (await inboundAudio(viewer.page, host.userId))?.packetsReceived ?? 0;
      await until("audio still arriving after the camera went off", () => inboundAudio(viewer.page, host.userId),
        (audio) => (audio?.packetsReceived ?? 0) > audioBefore + 25, 10_000);
      assert.ok(!(await eventsAbout(viewer.page, host.userId)).includes(MemberEventId.NoAudio));

      // Camera on again: HAS_CAMERA_VIDEO once more, and the viewer decodes again.
      const hasCamera = (await eventsAbout(viewer.page, host.userId)).filter((id) => id === MemberEventId.HasCameraVideo).length;
      const framesBefore = (await inboundVideo(viewer.page, host.userId))?.framesDecoded ?? 0;
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      await until("the viewer's second HAS_CAMERA_VIDEO (3) for the host", () => eventsAbout(viewer.page, host.userId),
        (ids) => ids.filter((id) => id === MemberEventId.HasCameraVideo).length > hasCamera, 15_000);
      await until("the viewer decoding the host's camera again", async () => (await viewer.page.call("rtcStats")).inboundVideo.filter((video) => video.userId === host.userId),
        (videos) => videos.some((video) => video.framesDecoded >= (video.mid === decodedLater?.mid ? framesBefore : 0) + 30), 20_000);
    });
  });

  it("simulcast: the viewer gets the layer its view asks for (low, then high), switching at keyframes", { timeout: 90_000 }, async (t) => {
    await withFailureArtifacts("chromium-simulcast", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await member("host");
      await host.page.call("createRoom", roomId);
      // 960x540 is sent as 240x135, 480x270 and 960x540. Chromium turns layers off when the CPU or the bandwidth
      // estimate is short (a busy test machine), so the test asks for at least two and judges by what is sent.
      assert.deepEqual(await host.page.call("publish", { audio: false, camera: true, width: 960, height: 540, simulcast: true }), { ok: true });
      const encoding = async (): Promise<number[]> => (await host.page.call("rtcStats")).outboundVideo.filter((layer) => layer.framesEncoded > 0).map((layer) => layer.frameWidth);
      const sent = await until("the host sending two simulcast layers or more", encoding, (widths) => widths.length >= 2, 30_000);
      const lowWidth = Math.min(...sent);
      const viewer = await member("viewer");
      await viewer.page.call("joinRoom", roomId, "Guest");
      await until("the viewer decoding the host", () => inboundVideo(viewer.page, host.userId), (video) => (video?.framesDecoded ?? 0) > 10, 30_000);
      const forwarded = (): Promise<number | undefined> => viewer.page.call("mediaStats").then((tracks) => tracks.find((track) => track.direction === "subscribe" && track.source === "camera")?.layer);

      await viewer.page.call("requestView", host.userId, "low");
      const low = await until(`the low layer (${lowWidth} wide)`, () => inboundVideo(viewer.page, host.userId), (video) => video?.frameWidth === lowWidth, 20_000);
      assert.equal(await forwarded(), 0, "the server forwards layer 0");
      await viewer.page.call("requestView", host.userId, "high");
      const high = await until("a higher layer", () => inboundVideo(viewer.page, host.userId), (video) => (video?.frameWidth ?? 0) > lowWidth, 20_000);
      const highLayer = await forwarded();
      assert.ok(highLayer !== undefined && highLayer >= 1, `the server forwards layer ${highLayer}`);
      t.diagnostic(`host layers ${show(await encoding())} wide; viewer: low ${low?.frameWidth}x${low?.frameHeight}, then high ${high?.frameWidth}x${high?.frameHeight} (layer ${highLayer}; ${high?.framesDecoded} frames decoded in all, ${high?.keyFramesDecoded} keyframes, ${high?.framesDropped} dropped)`);
    });
  });

  it("an audience member's publish is refused with AVSDK 10003 and nothing of it is forwarded", { timeout: 60_000 }, async () => {
    await withFailureArtifacts("chromium-audience-publish", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await member("host");
      await host.page.call("createRoom", roomId);
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true }), { ok: true });
      const audience = await member("audience");
      await audience.page.call("joinRoom", roomId, "Guest");
      assert.equal(await audience.page.call("authBits") & (0x04 | 0x10 | 0x40), 0, "the audience role has no send bits");

      const outcome = await audience.page.call("publish", { audio: true, camera: true });
      assert.equal(outcome.ok, false, show(outcome));
      assert.deepEqual(outcome.ok ? undefined : [outcome.module, outcome.code], ["AVSDK", 10003], show(outcome));

      // The audience member still receives (its connection is intact)…
      await until("the audience decoding the host", () => inboundVideo(audience.page, host.userId), (video) => (video?.framesDecoded ?? 0) > 10, 30_000);
      // …and, a while after its attempt, nobody got anything of it.
      await sleep(2000);
      const seenByHost = await host.page.call("observed");
      assert.deepEqual(seenByHost.tracks.filter((track) => track.userId === audience.userId), [], "the host got a track from the audience");
      const mediaEvents = seenByHost.events.filter((event) => event.userIds.includes(audience.userId) && event.eventId >= MemberEventId.HasCameraVideo);
      assert.deepEqual(mediaEvents, [], "the host got a media event for the audience");
      assert.deepEqual((await host.page.call("rtcStats")).inboundVideo, [], "the host receives video");
      const hostStats = await host.page.call("mediaStats");
      assert.deepEqual(hostStats.filter((track) => track.userId === audience.userId), [], show(hostStats));
      const audienceStats = await audience.page.call("mediaStats");
      assert.deepEqual(audienceStats.filter((track) => track.direction === "publish"), [], show(audienceStats));
    });
  });
});
