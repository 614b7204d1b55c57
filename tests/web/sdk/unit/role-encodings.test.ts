import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cameraEncodings, roleScale } from "../../../../web/sdk/src/media/roleEncodings.js";

const camera = (width?: number, height?: number) => ({ kind: "video", getSettings: () => ({ width, height }) });
const master = { width: 1280, height: 720, fps: 15, maxBitrateKbps: 1200 };
const guest = { width: 640, height: 480, fps: 15, maxBitrateKbps: 800 };
const none = { width: 0, height: 0, fps: 0, maxBitrateKbps: 0 };

describe("the role's video parameters as send encodings", () => {
  it("scales a larger camera down to fit the role's frame size, keeping its aspect ratio, and never up", () => {
    assert.equal(roleScale(camera(1280, 720), master), 1);
    assert.equal(roleScale(camera(1280, 720), guest), 2); // 640x360: the width binds.
    assert.equal(roleScale(camera(640, 480), master), 1);
    assert.equal(roleScale(camera(1920, 1080), guest), 3);
    assert.equal(roleScale(camera(), guest), 1); // No settings (a Node WebRTC library): as given.
    assert.equal(roleScale({ kind: "video" }, guest), 1);
  });

  it("one encoding carries the role's frame rate and bitrate; none at all without role limits", () => {
    assert.deepEqual(cameraEncodings(camera(1280, 720), guest, false), [{ scaleResolutionDownBy: 2, maxBitrate: 800_000, maxFramerate: 15 }]);
    // No explicit scale of 1 for one encoding: with it Chromium starts its encoder at half size.
    assert.deepEqual(cameraEncodings(camera(1280, 720), master, false), [{ maxBitrate: 1_200_000, maxFramerate: 15 }]);
    assert.equal(cameraEncodings(camera(1280, 720), none, false), undefined);
  });

  it("simulcast: three layers at 1/4, 1/2 and full size of the role's picture, the lower ones with a share of its bitrate", () => {
    assert.deepEqual(cameraEncodings(camera(1280, 720), master, true), [
      { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000, maxFramerate: 15 },
      { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 480_000, maxFramerate: 15 },
      { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_200_000, maxFramerate: 15 },
    ]);
    assert.deepEqual(cameraEncodings(camera(1280, 720), none, true)?.map((e) => [e.rid, e.scaleResolutionDownBy]), [["q", 4], ["h", 2], ["f", 1]]);
  });
});
