import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uniqueRoom } from "../sdk/support/RealServer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { ChromiumSuite } from "./support/chromiumSuite.js";
import type { QualitySeen } from "./support/pageApi.js";
import { describe as show, until } from "./support/poll.js";

// iLiveSDK's quality data in Chromium: the room's `quality` events (every qualityIntervalMs) and room.getStats(), as the
// SDK computes them from its peer connections' getStats(), give the host's published 640x360 camera with its frame
// rate and bitrate on both sides, and the viewer's receive rate.

exitAfterTests();
const suite = ChromiumSuite.use();

const sentCamera = (quality: QualitySeen | undefined) => quality?.tracks.find((track) => track.direction === "send" && track.source === "camera");
const receivedCamera = (quality: QualitySeen | undefined, userId: string) =>
  quality?.tracks.find((track) => track.direction === "receive" && track.source === "camera" && track.userId === userId);

describe("Chromium quality data", { concurrency: false }, () => {
  it("quality events and getStats() give the published 640x360 camera, its fps and non-zero kbit/s on the host and the viewer", { timeout: 90_000 }, async () => {
    await withFailureArtifacts("chromium-room-quality", { browser: suite.browser }, async () => {
      const roomId = uniqueRoom();
      const host = await suite.member("host");
      await host.page.call("createRoom", roomId, 500);
      assert.deepEqual(await host.page.call("publish", { audio: true, camera: true, width: 640, height: 360 }), { ok: true });
      const viewer = await suite.member("viewer");
      await viewer.page.call("joinRoom", roomId, "Guest", 500);

      // Chromium ramps its encoder up from a low resolution: wait (generously) for the full size on both ends.
      const hostEvents = () => host.page.call("qualityEvents");
      const sent = await until("the host's quality events naming its 640x360 camera at a non-zero rate", hostEvents,
        (events) => events.some((quality) => { const camera = sentCamera(quality); return camera !== undefined && camera.width === 640 && camera.height === 360 && camera.kbps > 0 && camera.fps > 0; }), 45_000);
      const hostQuality = [...sent].reverse().find((quality) => sentCamera(quality)?.width === 640)!;
      assert.ok(hostQuality.sendKbps > 0, show(hostQuality));
      assert.ok(hostQuality.tracks.some((track) => track.direction === "send" && track.source === "audio" && track.kbps > 0), show(hostQuality));
      assert.ok(hostQuality.upLoss >= 0 && hostQuality.upLoss <= 1, show(hostQuality));

      const viewerEvents = () => viewer.page.call("qualityEvents");
      const received = await until("the viewer's quality events naming the host's 640x360 camera at a non-zero rate", viewerEvents,
        (events) => events.some((quality) => { const camera = receivedCamera(quality, host.userId); return camera !== undefined && camera.width === 640 && camera.height === 360 && camera.kbps > 0 && camera.fps > 0; }), 45_000);
      const viewerQuality = [...received].reverse().find((quality) => receivedCamera(quality, host.userId)?.width === 640)!;
      assert.ok(viewerQuality.receiveKbps > 0 && viewerQuality.sendKbps === 0, show(viewerQuality));
      assert.ok(viewerQuality.downLoss >= 0 && viewerQuality.downLoss <= 1, show(viewerQuality));
      // Events are in order, each measured over the time since the one before.
      for (let i = 1; i < received.length; i++) {
        assert.ok(received[i]!.at > received[i - 1]!.at && received[i]!.intervalMs > 0, show(received.slice(i - 1, i + 1)));
      }

      // On demand: the same snapshot's shape, with the camera at its size.
      const onDemand = await host.page.call("roomQuality");
      assert.deepEqual([sentCamera(onDemand)?.width, sentCamera(onDemand)?.height], [640, 360], show(onDemand));
      assert.ok(onDemand.rttMs === undefined || onDemand.rttMs > 0, show(onDemand));
      const viewed = await viewer.page.call("roomQuality");
      assert.deepEqual([receivedCamera(viewed, host.userId)?.width, receivedCamera(viewed, host.userId)?.height], [640, 360], show(viewed));
    });
  });
});
