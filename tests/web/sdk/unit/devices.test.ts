import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiveClient } from "../../../../web/sdk/src/client/LiveClient.js";
import { LiveDevices } from "../../../../web/sdk/src/devices/LiveDevices.js";
import { levelOf } from "../../../../web/sdk/src/devices/LevelMeter.js";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { settle } from "../support/FakeClock.js";
import { domError, FakeCaptureTrack, FakeMediaDevices } from "../support/FakeMediaDevices.js";
import { createdPeers, FakePeerConnection } from "../support/FakePeerConnection.js";
import { rejection } from "../support/rejection.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

const peers = FakePeerConnection as unknown as PeerConnectionConstructor;

function client(devices: FakeMediaDevices, level = 42): LiveClient {
  return new LiveClient({
    serverUrl: "http://127.0.0.1:1",
    sdkAppId: 1400000000,
    WebSocket: class {} as never,
    mediaDevices: devices,
    levelMeter: () => ({ level: () => level, close: () => undefined }),
  });
}

describe("devices", () => {
  it("lists cameras, microphones and speakers, and reports changes", async () => {
    const fake = new FakeMediaDevices();
    const devices = new LiveDevices(fake);
    assert.deepEqual((await devices.getCameras()).map((d) => d.deviceId), ["cam-1", "cam-2"]);
    assert.deepEqual(await devices.getMicrophones(), [{ deviceId: "mic-1", kind: "microphone", label: "Built-in microphone", groupId: "g1" }]);
    assert.deepEqual((await devices.getSpeakers()).map((d) => d.kind), ["speaker"]);
    const changed = new Promise<number>((resolve) => devices.once("devicesChanged", (event) => resolve(event.devices.length)));
    fake.plug({ deviceId: "cam-3", kind: "videoinput", label: "Capture card", groupId: "g3" });
    assert.equal(await changed, 5);
  });

  it("opens the chosen camera and microphone with exact device ids and ideal sizes", async () => {
    const fake = new FakeMediaDevices();
    const devices = new LiveDevices(fake);
    const camera = await devices.openCamera({ deviceId: "cam-2", width: 1280, height: 720, frameRate: 30 });
    assert.equal(camera.kind, "video");
    assert.deepEqual(fake.constraints[0], { video: { deviceId: { exact: "cam-2" }, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } }, audio: false });
    const microphone = await devices.openMicrophone({ echoCancellation: false });
    assert.equal(microphone.kind, "audio");
    assert.deepEqual(fake.constraints[1], { audio: { echoCancellation: false }, video: false });
    await devices.openCamera();
    assert.deepEqual(fake.constraints[2], { video: true, audio: false });
  });

  it("turns the browser's capture failures into seed codes", async () => {
    const fake = new FakeMediaDevices();
    const devices = new LiveDevices(fake);
    const cases: Array<[string, string, number]> = [
      ["NotFoundError", "AVSDK", 1301],
      ["OverconstrainedError", "AVSDK", 1301],
      ["NotReadableError", "AVSDK", 1008],
      ["NotAllowedError", "ILiveSDK", 8007],
      ["TypeError", "AVSDK", 1004],
      ["SomethingElse", "AVSDK", 1],
    ];
    for (const [name, module, code] of cases) {
      fake.failNext = domError(name, "the browser said no");
      const error = await rejection(devices.openCamera({ deviceId: "gone" }));
      assert.ok(error.is(module as "AVSDK", code), `${name} → ${error.module} ${error.code}`);
      assert.match(error.detail ?? "", /the browser said no/);
    }

    assert.ok((await rejection(devices.openCamera({ width: -1 }))).is("AVSDK", 1004));
    assert.ok((await rejection(devices.openCamera({ deviceId: "" }))).is("AVSDK", 1004));
    assert.ok((await rejection(devices.openMicrophone({ noiseSuppression: "yes" as never }))).is("AVSDK", 1004));
  });

  it("without navigator.mediaDevices every call is 8002; without getDisplayMedia screen sharing is 8023", async () => {
    const none = new LiveDevices(undefined);
    assert.equal(none.isAvailable, false);
    assert.ok((await rejection(none.getCameras())).is("ILiveSDK", 8002));
    assert.ok((await rejection(none.openCamera())).is("ILiveSDK", 8002));
    const fake = new FakeMediaDevices();
    const noScreen = new LiveDevices({ enumerateDevices: () => fake.enumerateDevices(), getUserMedia: (c) => fake.getUserMedia(c) });
    assert.equal(noScreen.canShareScreen, false);
    assert.ok((await rejection(noScreen.openScreen())).is("ILiveSDK", 8023));
    const screen = new LiveDevices(fake);
    fake.failNext = domError("NotAllowedError", "the user closed the picker");
    assert.ok((await rejection(screen.openScreen())).is("ILiveSDK", 8007));
    const shared = await screen.openScreen({ frameRate: 15, audio: true });
    assert.equal(shared.video.kind, "video");
    assert.equal(shared.audio?.kind, "audio");
  });

  it("levels: -60 dBFS and below is 0, full scale 100", () => {
    assert.equal(levelOf(0), 0);
    assert.equal(levelOf(0.0001), 0);
    assert.equal(levelOf(0.001), 0);
    assert.equal(levelOf(0.0316), 50);
    assert.equal(levelOf(1), 100);
    assert.equal(levelOf(Number.NaN), 0);
  });
});

describe("device test", () => {
  it("follows AVDeviceTest's states: 1601 when none runs, 1602 when one already runs", async () => {
    const fake = new FakeMediaDevices();
    const live = client(fake);
    assert.equal(live.deviceTest.isStarted, false);
    assert.ok((await rejection(live.deviceTest.stop())).is("AVSDK", 1601));
    assert.ok((await rejection(() => live.deviceTest.microphoneLevel())).is("AVSDK", 1601));
    assert.ok((await rejection(live.deviceTest.switchCamera({ deviceId: "cam-2" }))).is("AVSDK", 1601));

    const tracks = await live.deviceTest.start();
    assert.equal(tracks.camera?.kind, "video");
    assert.equal(tracks.microphone?.kind, "audio");
    assert.equal(live.deviceTest.microphoneLevel(), 42);
    assert.ok((await rejection(live.deviceTest.start())).is("AVSDK", 1602));
    assert.ok((await rejection(live.stop())).is("AVSDK", 1602), "stopping the client (StopContext) while a test runs");

    const first = tracks.camera as FakeCaptureTrack;
    const second = await live.deviceTest.switchCamera({ deviceId: "cam-2" });
    assert.equal(first.readyState, "ended", "the previous camera is closed");
    assert.equal(live.deviceTest.tracks.camera, second);

    await live.deviceTest.stop();
    assert.equal(live.deviceTest.isStarted, false);
    assert.ok(fake.opened.every((track) => track.readyState === "ended"), "every tested device is closed");
    await live.stop();
  });

  it("a failing device stops the test; stopping while a device opens closes it", async () => {
    const fake = new FakeMediaDevices();
    const live = client(fake);
    fake.failNext = domError("NotReadableError");
    assert.ok((await rejection(live.deviceTest.start({ camera: true }))).is("AVSDK", 1008));
    assert.equal(live.deviceTest.isStarted, false);

    let release!: () => void;
    fake.gate = new Promise((resolve) => (release = resolve));
    const starting = live.deviceTest.start({ microphone: { deviceId: "mic-1" } });
    assert.equal(live.deviceTest.isStarted, true);
    await live.deviceTest.stop();
    release();
    assert.ok((await rejection(starting)).is("AVSDK", 1601));
    assert.ok(fake.opened.every((track) => track.readyState === "ended"));
    assert.ok((await rejection(live.deviceTest.start({ camera: false }))).is("AVSDK", 1004));
  });

  it("entering a room while a test runs is 1602; testing in a room is 8010", async () => {
    const server = new ScriptedServer();
    const fake = new FakeMediaDevices();
    const live = await server.loggedIn("alice", { mediaDevices: fake, levelMeter: () => undefined });
    await live.deviceTest.start({ microphone: true });
    assert.ok((await rejection(() => live.deviceTest.microphoneLevel())).is("ILiveSDK", 8023), "no Web Audio here");
    assert.ok((await rejection(live.joinRoom(1))).is("AVSDK", 1602));
    assert.ok((await rejection(live.createRoom(1))).is("AVSDK", 1602));
    await live.deviceTest.stop();
    await live.createRoom(1);
    assert.ok((await rejection(live.deviceTest.start())).is("ILiveSDK", 8010));
  });
});

describe("published tracks that end by themselves", () => {
  it("are unpublished, and the room says so", async () => {
    const server = new ScriptedServer();
    server.on("publish", () => ({ case: "publishAnswer", value: { sdp: "answer" } }));
    const live = await server.loggedIn("alice", { RTCPeerConnection: peers });
    const room = await live.createRoom(1);
    const screen = new FakeCaptureTrack("video", "screen-1");
    await room.publish({ screen, audio: new FakeCaptureTrack("audio", "mic-1") });
    assert.deepEqual(room.published.sort(), ["audio", "screen"]);
    const ended = new Promise<string>((resolve) => room.once("localTrackEnded", (event) => resolve(event.source)));

    screen.end(); // the user pressed the browser's "Stop sharing"
    assert.equal(await ended, "screen");
    await settle();
    assert.deepEqual(room.published, ["audio"]);
    assert.equal(server.requests("publish").length, 2, "the change was negotiated");
    assert.equal(screen.listenerCount, 0);

    // A replaced track's end no longer matters.
    const camera = new FakeCaptureTrack("video", "cam-a");
    await room.publish({ camera });
    await room.publish({ camera: new FakeCaptureTrack("video", "cam-b") });
    camera.end();
    await settle();
    assert.deepEqual(room.published.sort(), ["audio", "camera"]);
    assert.ok(createdPeers.length > 0);
  });
});
