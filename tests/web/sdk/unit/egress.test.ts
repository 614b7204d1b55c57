import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RecordFileType, StreamEncode, PushDataType } from "../../../../web/sdk/src/rooms/PushStream.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

describe("push and record (iLiveSDK's startPushStream / startRecordVideo)", () => {
  it("sends iLiveSDK's option numbers and reads PushStreamRsp with a uint64 channel id", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(1);
    server.on("startPushStream", () => ({
      case: "pushStream",
      value: { channelId: 0xffff_ffff_ffffn, urls: [{ encodeType: 1, url: "/live/1/1/alice/index.m3u8", rateType: 0 }], fileIds: [] },
    }));
    server.on("startRecordVideo", () => ({ case: "pushStream", value: { channelId: 7n, fileIds: ["1/1/show.webm"] } }));
    server.on("stopRecordVideo", () => ({ case: "recordFiles", value: { fileIds: ["1/1/show.webm"] } }));

    const rsp = await room.startPushStream({ pushDataType: PushDataType.Screen, encode: StreamEncode.HlsAndRtmp, recordFileType: RecordFileType.Mp4, onlyPushAudio: true, userId: "bob" });
    const recording = await room.startRecordVideo({ fileName: "show", classId: 3 });
    await room.stopPushStream([rsp.channelId]);
    const files = await room.stopRecordVideo();

    assert.deepEqual(rsp, { channelId: 0xffff_ffff_ffffn, urls: [{ encodeType: StreamEncode.Hls, url: "/live/1/1/alice/index.m3u8", rateType: 0 }], fileIds: [] });
    assert.deepEqual(recording.fileIds, ["1/1/show.webm"]);
    assert.deepEqual(files, ["1/1/show.webm"]);
    const [push] = server.requests("startPushStream");
    assert.ok(push?.body.case === "startPushStream");
    const option = push.body.value.option;
    assert.deepEqual(
      [option?.pushDataType, option?.encode, option?.recordFileType, option?.onlyPushAudio, option?.recordId, option?.userId],
      [1, 0x06, 4, true, "", "bob"],
    );
    const [record] = server.requests("startRecordVideo");
    assert.ok(record?.body.case === "startRecordVideo");
    assert.equal(record.body.value.option?.fileName, "show");
    const [stop] = server.requests("stopPushStream");
    assert.ok(stop?.body.case === "stopPushStream");
    assert.deepEqual(stop.body.value.channelIds, [0xffff_ffff_ffffn]);
  });
});
