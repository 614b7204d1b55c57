import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { uniqueRoom } from "../sdk/support/RealServer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { ChromiumPage, MediaBrowser } from "./support/MediaBrowser.js";
import { ChromiumSuite } from "./support/chromiumSuite.js";
import { describe as show, sleep, until } from "./support/poll.js";

// Recording and live HLS of a Chromium host through the real server (issue 14): the host publishes its fake camera and
// microphone, starts a recording (iLiveSDK's startRecordVideo) and live HLS (startPushStream with HLS) with the browser
// SDK; another page plays the HLS through hls.js while the host is live; after ~10 s the recording is stopped and
// ffprobe checks the file the server wrote against what Chromium says it encoded. A second host sends H.264: its
// recording is a fragmented MP4 and its live HLS copies the video.

exitAfterTests();
const suite = ChromiumSuite.use();
const server = suite.server;
const run = promisify(execFile);
const publishMs = 10_000;

function chromium(): MediaBrowser {
  return suite.chromium();
}

function member(name: string): Promise<{ page: ChromiumPage; userId: string }> {
  return suite.member(name);
}

async function framesEncoded(page: ChromiumPage): Promise<number> {
  return (await page.call("rtcStats")).outboundVideo.reduce((sum, video) => sum + video.framesEncoded, 0);
}

interface ProbedStream {
  readonly codec_name: string;
  readonly codec_type: string;
  readonly nb_read_frames?: string;
  readonly start_time?: string;
}

async function ffprobe(path: string): Promise<{ streams: ProbedStream[]; duration: number }> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,codec_type,nb_read_frames,start_time:format=duration", "-of", "json", path]);
  const parsed = JSON.parse(stdout) as { streams: ProbedStream[]; format: { duration: string } };
  return { streams: parsed.streams, duration: Number(parsed.format.duration) };
}

describe("recording and live HLS of a Chromium host", { concurrency: false }, () => {
  it("records ~10 s to a WebM that ffprobe finds whole (codecs, duration, ≥ 95 % of the frames, audio throughout, A/V within 100 ms) while hls.js plays the live HLS", { timeout: 150_000 }, async (t) => {
    const dataDir = process.env["OPENLIVE_TEST_DATA"];
    assert.ok(dataDir !== undefined && dataDir.length > 0, "OPENLIVE_TEST_DATA is not set: run with tests/web/run.sh");
    await withFailureArtifacts("egress-chromium", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await member("host");
      await host.page.call("createRoom", roomId);
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      await until("the host encoding", () => framesEncoded(host.page), (frames) => frames >= 30, 30_000);

      const before = await framesEncoded(host.page);
      const startedAt = Date.now();
      const recording = await host.page.call("startRecordVideo");
      const hls = await host.page.call("startPushStream", 1);
      assert.equal(recording.fileIds.length, 1, show(recording));
      const playlist = hls.urls.find((url) => url.encodeType === 1)?.url;
      assert.ok(playlist?.startsWith("/live/") === true, show(hls));

      // The mass audience: a page playing the HLS through hls.js while the host is live. The playlist exists once
      // ffmpeg has written its first segment (404 before, which players do not retry).
      await until("the HLS playlist served", () => fetch(`${server.url}${playlist}`).then((response) => response.status), (status) => status === 200, 60_000);
      const viewer = await chromium().page("viewer");
      await viewer.call("playHls", `${server.url}${playlist}`);
      const first = await until("hls.js playing the live HLS", () => viewer.call("hlsVideo"),
        (video) => video.error !== null || (video.videoWidth > 0 && video.currentTime > 0), 60_000);
      assert.equal(first.error, null, show(first));
      const later = await until("the HLS <video> advancing", () => viewer.call("hlsVideo"), (video) => video.currentTime >= first.currentTime + 2, 30_000);
      t.diagnostic(`HLS: ${show(later)}`);

      await sleep(Math.max(0, publishMs - (Date.now() - startedAt)));
      const encoded = (await framesEncoded(host.page)) - before;
      const published = (Date.now() - startedAt) / 1000;
      const files = await host.page.call("stopRecordVideo");
      await host.page.call("stopPushStream", [hls.channelId]);
      assert.deepEqual(files, recording.fileIds);

      // The recording is finalized when its sidecar says so.
      const sidecar = join(dataDir, "recordings", `${files[0]}.json`);
      const metadata = await until("the recording finalized", () => existsSync(sidecar) ? JSON.parse(readFileSync(sidecar, "utf8")) as { state: string; file?: string } : undefined,
        (m) => m !== undefined && m.state !== "Recording", 30_000);
      assert.equal(metadata?.state, "Ended", show(metadata));
      const path = join(dataDir, "recordings", metadata!.file!);
      const probe = await ffprobe(path);
      const video = probe.streams.find((s) => s.codec_type === "video");
      const audio = probe.streams.find((s) => s.codec_type === "audio");
      const summary = `published ${published.toFixed(2)} s, ${encoded} frames encoded; file ${path}: ${show(probe)}`;
      t.diagnostic(summary);
      assert.equal(video?.codec_name, "vp8", summary);
      assert.equal(audio?.codec_name, "opus", summary);
      assert.ok(Math.abs(probe.duration - published) <= published * 0.05, `duration not within 5 %: ${summary}`);
      assert.ok(Number(video.nb_read_frames) >= encoded * 0.95, `fewer than 95 % of the frames: ${summary}`);
      assert.ok(Number(audio.nb_read_frames) * 0.020 >= probe.duration * 0.95, `audio not there throughout: ${summary}`);
      assert.ok(Math.abs(Number(video.start_time) - Number(audio.start_time)) < 0.1, `A/V start offset ≥ 100 ms: ${summary}`);
    });
  });

  it("an H.264 host: the recording is a fragmented MP4 of h264 + opus, and live HLS copies the video in segments that end on time (the server asks for keyframes)", { timeout: 150_000 }, async (t) => {
    const dataDir = process.env["OPENLIVE_TEST_DATA"];
    assert.ok(dataDir !== undefined && dataDir.length > 0, "OPENLIVE_TEST_DATA is not set: run with tests/web/run.sh");
    await withFailureArtifacts("egress-chromium-h264", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await member("host");
      await host.page.call("createRoom", roomId);
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360, videoCodec: "h264" }), { ok: true });
      await until("the host encoding", () => framesEncoded(host.page), (frames) => frames >= 30, 30_000);

      const recording = await host.page.call("startRecordVideo");
      const hls = await host.page.call("startPushStream", 1);
      const playlist = hls.urls.find((url) => url.encodeType === 1)?.url;
      assert.ok(playlist !== undefined, show(hls));

      // libwebrtc sends an H.264 keyframe only when asked; ffmpeg copying the video can cut a segment only at one. The
      // server asks when a GOP runs past the segment length (2 s), so segments keep coming and none runs far past it
      // (a request's keyframe arrives a round trip later; the SFU sends at most one PLI a second).
      const durations = async (): Promise<number[]> => {
        const response = await fetch(`${server.url}${playlist}`, { cache: "no-store" });
        return response.ok ? [...(await response.text()).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1])) : [];
      };
      const segments = await until("four HLS segments", durations, (list) => list.length >= 4, 60_000);
      t.diagnostic(`HLS segment durations: ${segments.join(", ")}`);
      assert.ok(Math.max(...segments) <= 4.5, `a segment ran past 4.5 s: ${segments.join(", ")}`);
      const viewer = await chromium().page("viewer");
      await viewer.call("playHls", `${server.url}${playlist}`);
      const first = await until("hls.js playing the live HLS", () => viewer.call("hlsVideo"),
        (video) => video.error !== null || (video.videoWidth > 0 && video.currentTime > 0), 60_000);
      assert.equal(first.error, null, show(first));
      await until("the HLS <video> advancing", () => viewer.call("hlsVideo"), (video) => video.currentTime >= first.currentTime + 2, 30_000);

      const files = await host.page.call("stopRecordVideo");
      await host.page.call("stopPushStream", [hls.channelId]);
      const sidecar = join(dataDir, "recordings", `${files[0]}.json`);
      const metadata = await until("the recording finalized", () => existsSync(sidecar) ? JSON.parse(readFileSync(sidecar, "utf8")) as { state: string; file?: string } : undefined,
        (m) => m !== undefined && m.state !== "Recording", 30_000);
      assert.equal(metadata?.state, "Ended", show(metadata));
      assert.ok(metadata!.file!.endsWith(".mp4"), show(metadata));
      const probe = await ffprobe(join(dataDir, "recordings", metadata!.file!));
      t.diagnostic(`recording: ${show(probe)}`);
      assert.equal(probe.streams.find((s) => s.codec_type === "video")?.codec_name, "h264", show(probe));
      assert.equal(probe.streams.find((s) => s.codec_type === "audio")?.codec_name, "opus", show(probe));
      assert.ok(probe.duration > 3, show(probe));
    });
  });
});
