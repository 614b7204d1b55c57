import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uniqueRoom } from "../sdk/support/RealServer.js";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import { ChromiumSuite } from "./support/chromiumSuite.js";
import type { OutboundVideo } from "./support/pageApi.js";
import { until } from "./support/poll.js";

// The role's video parameters (iLiveSDK's Spear roles: frame size, frame rate, bitrate) govern what Chromium sends, read
// from its own getStats(): LiveMaster (1280x720, 15 fps, 1,200 kbit/s) sends a 1280x720 camera as it is, at no more
// than 15 fps and a target within 1,200 kbit/s; after a change to LiveGuest (640x480, 15 fps, 800 kbit/s) the same
// camera goes out scaled down to 640x360 (its aspect ratio kept) within 800 kbit/s, without renegotiating.

exitAfterTests();
const suite = ChromiumSuite.use();

describe("the role's video parameters, applied to what is published", { concurrency: false }, () => {
  it("LiveMaster caps frame rate and bitrate; a change to LiveGuest scales the camera down to its frame size", { timeout: 90_000 }, async () => {
    await withFailureArtifacts("chromium-role-video", { browser: suite.browser }, async () => {
      const host = await suite.member("role-host");
      await host.page.call("createRoom", uniqueRoom());
      assert.deepEqual(await host.page.call("publish", { audio: false, camera: true, width: 1280, height: 720 }), { ok: true });
      const sent = async (): Promise<OutboundVideo | undefined> => (await host.page.call("rtcStats")).outboundVideo[0];

      const master = await until("1280x720 sent for LiveMaster", sent, (video) => video?.frameWidth === 1280 && video.framesEncoded > 30, 30_000);
      assert.ok(master !== undefined && master.framesPerSecond <= 16, `at most 15 fps (${master?.framesPerSecond})`);
      assert.ok(master.targetBitrate > 0 && master.targetBitrate <= 1_200_000, `a target within 1,200 kbit/s (${master.targetBitrate})`);

      const guest = await host.page.call("changeRole", "LiveGuest");
      assert.deepEqual(guest, { width: 640, height: 480, fps: 15, maxBitrateKbps: 800 });
      const scaled = await until("640x360 sent for LiveGuest", sent, (video) => video?.frameWidth === 640 && video.frameHeight === 360, 20_000);
      assert.ok(scaled !== undefined && scaled.targetBitrate <= 800_000, `a target within 800 kbit/s (${scaled?.targetBitrate})`);
    });
  });
});
