import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiveRoomOptions, RecordFileType, StreamEncode } from "@openlive/sdk";
import { rejection } from "../support/sdkRejection.js";
import { loggedIn, uniqueRoom } from "../support/RealServer.js";

// The refusals of the real server, whether or not its node runs egress (the .NET tests cover started channels).
describe("push and record against the real server", () => {
  it("a member without the right gets 10003 for every call", async () => {
    const host = await loggedIn("web_eg_host");
    const viewer = await loggedIn("web_eg_viewer");
    const roomId = uniqueRoom();
    await host.createRoom(roomId, LiveRoomOptions.host());
    const room = await viewer.joinRoom(roomId, LiveRoomOptions.audience());

    for (const call of [
      room.startPushStream({ userId: host.userId ?? "" }),
      room.stopPushStream([1n]),
      room.startRecordVideo({ userId: host.userId ?? "" }),
      room.stopRecordVideo(),
    ]) {
      const error = await rejection(call);
      assert.ok(error.is("AVSDK", 10003), `${error.module} ${error.code}`);
      assert.equal(error.name, "AV_ERR_SERVER_NO_PERMISSION");
    }
  });

  it("the owner's bad options, targets and channel ids have their codes", async () => {
    const host = await loggedIn("web_eg_owner");
    const viewer = await loggedIn("web_eg_audience");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    await viewer.joinRoom(roomId, LiveRoomOptions.audience());
    const code = async (call: Promise<unknown>) => {
      const error = await rejection(call);
      return `${error.module} ${error.code}`;
    };

    assert.equal(await code(hostRoom.startPushStream({ encode: 0x09 as StreamEncode })), "ILiveSDK 8021");
    assert.equal(await code(hostRoom.startPushStream({ encode: StreamEncode.Flv })), "ILiveSDK 8023");
    assert.equal(await code(hostRoom.startPushStream({ encode: StreamEncode.None, recordFileType: RecordFileType.Mp3 })), "ILiveSDK 8023");
    assert.equal(await code(hostRoom.startRecordVideo({ fileName: "../../etc/passwd" })), "ILiveSDK 8021");
    assert.equal(await code(hostRoom.startPushStream({ userId: "nobody_here" })), "AVSDK 10010");
    assert.equal(await code(hostRoom.startPushStream({ userId: viewer.userId ?? "" })), "AVSDK 1401");
    assert.equal(await code(hostRoom.stopPushStream([])), "ILiveSDK 8021");
    assert.equal(await code(hostRoom.stopPushStream([12345n])), "ILiveSDK 8022");
    assert.equal(await code(hostRoom.stopRecordVideo()), "ILiveSDK 8022");
  });
});
