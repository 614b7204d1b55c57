import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MediaSource, VideoQuality } from "../../../../web/sdk/src/gen/protocol.js";
import type { MediaError } from "../../../../web/sdk/src/rooms/RoomEvents.js";
import type { RemoteTrack, RemoteTrackRemoved } from "../../../../web/sdk/src/media/RemoteTrack.js";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { settle } from "../support/FakeClock.js";
import { createdPeers, FakePeerConnection, fakeOffer, fakeTrack } from "../support/FakePeerConnection.js";
import { rejection } from "../support/rejection.js";
import { noAnswer, ScriptedServer } from "../support/ScriptedServer.js";

const peers = FakePeerConnection as unknown as PeerConnectionConstructor;

async function inRoom(options: { RTCPeerConnection?: PeerConnectionConstructor } = { RTCPeerConnection: peers }) {
  const server = new ScriptedServer();
  server.on("publish", (frame) => ({ case: "publishAnswer", value: { sdp: `server answer to ${frame.body.case === "publish" ? frame.body.value.sdp.length : 0}` } }));
  const client = await server.loggedIn("alice", options);
  const room = await client.createRoom(1);
  return { server, client, room };
}

function lastPeer(): FakePeerConnection {
  const peer = createdPeers.at(-1);
  assert.ok(peer !== undefined, "no peer connection was created");
  return peer;
}

function publishFrames(server: ScriptedServer) {
  return server.requests("publish").map((frame) => (frame.body.case === "publish" ? frame.body.value : assert.fail()));
}

function subscriberOffer(server: ScriptedServer, revision: number, tracks: Array<[string, string, MediaSource, "audio" | "video"]>): void {
  server.push({
    body: {
      case: "subscriberOffer",
      value: {
        sdp: fakeOffer(tracks.map(([mid, , , kind]) => [kind, mid] as const), revision),
        revision,
        tracks: tracks.map(([mid, userId, source]) => ({ mid, userId, source })),
      },
    },
  });
}

describe("publishing", () => {
  it("offers sendonly m-lines and names each mid's source in Publish, then applies the answer", async () => {
    const { server, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio"), camera: fakeTrack("video") });
    const peer = lastPeer();
    assert.deepEqual(peer.configuration, { bundlePolicy: "max-bundle", iceServers: [] });
    assert.deepEqual(peer.transceivers.map((transceiver) => transceiver.direction), ["sendonly", "sendonly"]);
    const [publish] = publishFrames(server);
    assert.equal(publish?.sdp, peer.localDescription?.sdp);
    assert.deepEqual(publish?.tracks.map((track) => [track.mid, track.source]), [["0", MediaSource.AUDIO], ["1", MediaSource.CAMERA]]);
    assert.deepEqual(peer.remoteDescription?.type, "answer");
    assert.match(peer.remoteDescription?.sdp ?? "", /^server answer/);
    assert.deepEqual(room.published, ["audio", "camera"]);
    assert.deepEqual(peer.calls, ["addTransceiver", "addTransceiver", "createOffer", "setLocalDescription:offer", "setRemoteDescription:answer"]);
  });

  it("adds the screen later on the same connection, naming all three m-lines", async () => {
    const { server, room } = await inRoom();
    await room.publish({ camera: fakeTrack("video") });
    await room.publish({ screen: fakeTrack("video") });
    assert.equal(createdPeers.filter((peer) => peer === lastPeer()).length, 1);
    const frames = publishFrames(server);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[1]?.tracks.map((track) => [track.mid, track.source]), [["0", MediaSource.CAMERA], ["1", MediaSource.SCREEN]]);
  });

  it("asks for three simulcast layers q/h/f at 1/4, 1/2, full resolution for the camera, under the role's frame rate and bitrate", async () => {
    const { room } = await inRoom();
    await room.publish({ camera: fakeTrack("video"), screen: fakeTrack("video"), simulcast: true });
    const [camera, screen] = lastPeer().transceivers;
    const { fps, maxBitrateKbps } = room.video;
    assert.ok(fps > 0 && maxBitrateKbps > 0, "the scripted room gives the role's video parameters");
    assert.deepEqual(camera?.init?.sendEncodings, [
      { rid: "q", scaleResolutionDownBy: 4, maxBitrate: maxBitrateKbps * 1000 / 8, maxFramerate: fps },
      { rid: "h", scaleResolutionDownBy: 2, maxBitrate: maxBitrateKbps * 1000 * 2 / 5, maxFramerate: fps },
      { rid: "f", scaleResolutionDownBy: 1, maxBitrate: maxBitrateKbps * 1000, maxFramerate: fps },
    ]);
    assert.equal(screen?.init?.sendEncodings, undefined);
  });

  it("replaces a source's track without a new m-line", async () => {
    const { room } = await inRoom();
    await room.publish({ camera: fakeTrack("video", "cam-1") });
    const replacement = fakeTrack("video", "cam-2");
    await room.publish({ camera: replacement });
    const peer = lastPeer();
    assert.equal(peer.transceivers.length, 1);
    assert.deepEqual(peer.transceivers[0]?.replaced, [replacement]);
  });

  it("unpublishes: no track, inactive, and a re-offer", async () => {
    const { server, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio"), camera: fakeTrack("video") });
    await room.unpublish("camera");
    const camera = lastPeer().transceivers[1];
    assert.deepEqual(camera?.replaced, [null]);
    assert.equal(camera?.direction, "inactive");
    assert.equal(publishFrames(server).length, 2);
    assert.match(publishFrames(server)[1]?.sdp ?? "", /a=mid:1\r\na=inactive/);
    assert.deepEqual(room.published, ["audio"]);
    await room.unpublish("screen"); // never published: nothing to do
    assert.equal(publishFrames(server).length, 2);
  });

  it("refused (10003): the new m-lines stop sending and the offer is rolled back", async () => {
    const { server, room } = await inRoom();
    server.on("publish", () => ({ error: { module: "AVSDK", code: 10003, message: "AVSDK 10003: no SEND_CAMERA_VIDEO" } }));
    const error = await rejection(room.publish({ camera: fakeTrack("video") }));
    assert.ok(error.is("AVSDK", 10003));
    const peer = lastPeer();
    assert.equal(peer.transceivers[0]?.direction, "inactive");
    assert.deepEqual(peer.transceivers[0]?.replaced, [null]);
    assert.ok(peer.calls.includes("setLocalDescription:rollback"));
    assert.deepEqual(room.published, []);
  });

  it("checks arguments: a track per source of the right kind (8021), a peer connection constructor (8002)", async () => {
    const { room } = await inRoom();
    assert.ok((await rejection(room.publish({}))).is("ILiveSDK", 8021));
    assert.ok((await rejection(room.publish({ camera: fakeTrack("audio") }))).is("ILiveSDK", 8021));
    const global = globalThis as { RTCPeerConnection?: unknown };
    assert.equal(global.RTCPeerConnection, undefined);
    const bare = await inRoom({});
    assert.ok((await rejection(bare.room.publish({ audio: fakeTrack("audio") }))).is("ILiveSDK", 8002));
  });

  it("trickles publisher candidates after the answer, with subscriber unset", async () => {
    const { server, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    await settle();
    const trickles = server.requests("trickle").map((frame) => (frame.body.case === "trickle" ? frame.body.value : assert.fail()));
    assert.equal(trickles.length, 1);
    assert.equal(trickles[0]?.subscriber, false);
    assert.match(trickles[0]?.candidate ?? "", /^candidate:/);
    const order = server.socket.sent.map((frame) => frame.body.case).filter((kind) => kind === "publish" || kind === "trickle");
    assert.deepEqual(order, ["publish", "trickle"]);
  });

  it("closes the media connections when the room ends; publish then fails with 1201", async () => {
    const { client, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    await client.quitRoom();
    assert.equal(lastPeer().closed, true);
    assert.ok((await rejection(room.publish({ audio: fakeTrack("audio") }))).is("AVSDK", 1201));
  });
});

describe("subscribing", () => {
  it("answers a server offer with the same revision and labels the tracks by mid", async () => {
    const { server, room } = await inRoom();
    const tracks: RemoteTrack[] = [];
    room.on("remoteTrack", (track) => tracks.push(track));
    subscriberOffer(server, 1, [["0", "bob", MediaSource.AUDIO, "audio"], ["1", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    const [answer] = server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value : assert.fail()));
    assert.equal(answer?.revision, 1);
    const peer = lastPeer();
    assert.equal(answer?.sdp, peer.localDescription?.sdp);
    assert.deepEqual(peer.calls, ["setRemoteDescription:offer", "createAnswer", "setLocalDescription:answer"]);
    assert.deepEqual(tracks.map((track) => [track.userId, track.source, track.mid, track.track.kind, track.streams[0]?.id]), [
      ["bob", "audio", "0", "audio", "stream-0"],
      ["bob", "camera", "1", "video", "stream-1"],
    ]);
  });

  it("handles offers one at a time, in order, each answered with its own revision", async () => {
    const { server, room } = await inRoom();
    subscriberOffer(server, 1, [["0", "bob", MediaSource.AUDIO, "audio"]]);
    await settle();
    const peer = lastPeer();
    const release = peer.hold();
    subscriberOffer(server, 2, [["0", "bob", MediaSource.AUDIO, "audio"], ["1", "carol", MediaSource.CAMERA, "video"]]);
    subscriberOffer(server, 3, [["0", "bob", MediaSource.AUDIO, "audio"], ["1", "carol", MediaSource.CAMERA, "video"], ["2", "carol", MediaSource.AUDIO, "audio"]]);
    await settle();
    // Revision 2 is stuck in setRemoteDescription; revision 3 waits behind it.
    assert.equal(peer.calls.filter((call) => call === "setRemoteDescription:offer").length, 2);
    assert.deepEqual(server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value.revision : 0)), [1]);
    release();
    await settle();
    await settle();
    assert.deepEqual(server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value.revision : 0)), [1, 2, 3]);
    assert.deepEqual(peer.calls.filter((call) => call.startsWith("set")), [
      "setRemoteDescription:offer", "setLocalDescription:answer",
      "setRemoteDescription:offer", "setLocalDescription:answer",
      "setRemoteDescription:offer", "setLocalDescription:answer",
    ]);
    assert.ok(room.isEntered);
  });

  it("answers an offer sent again (after a resumed session) once more, without reporting its tracks twice", async () => {
    const { server, room } = await inRoom();
    const tracks: RemoteTrack[] = [];
    room.on("remoteTrack", (track) => tracks.push(track));
    subscriberOffer(server, 4, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    subscriberOffer(server, 4, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    assert.deepEqual(server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value.revision : 0)), [4, 4]);
    assert.deepEqual(tracks.map((track) => [track.userId, track.source]), [["bob", "camera"]]);
  });

  it("reports m-lines that lose or change their member", async () => {
    const { server, room } = await inRoom();
    const tracks: RemoteTrack[] = [];
    const removed: RemoteTrackRemoved[] = [];
    room.on("remoteTrack", (track) => tracks.push(track));
    room.on("remoteTrackRemoved", (event) => removed.push(event));
    subscriberOffer(server, 1, [["0", "bob", MediaSource.AUDIO, "audio"], ["1", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    // The camera m-line now carries carol's camera; bob's audio is gone.
    subscriberOffer(server, 2, [["1", "carol", MediaSource.CAMERA, "video"]]);
    await settle();
    assert.deepEqual(removed.map((event) => [event.userId, event.source, event.mid]), [["bob", "audio", "0"], ["bob", "camera", "1"]]);
    assert.deepEqual(tracks.slice(2).map((track) => [track.userId, track.source, track.mid, track.track.id]), [["carol", "camera", "1", "remote-1"]]);
  });

  it("trickles subscriber candidates with subscriber set, after the answer", async () => {
    const { server } = await inRoom();
    subscriberOffer(server, 1, [["0", "bob", MediaSource.AUDIO, "audio"]]);
    await settle();
    const order = server.socket.sent.map((frame) => frame.body).filter((body) => body.case === "subscriberAnswer" || body.case === "trickle");
    assert.deepEqual(order.map((body) => body.case), ["subscriberAnswer", "trickle"]);
    assert.equal(order[1]?.case === "trickle" ? order[1].value.subscriber : undefined, true);
  });

  it("raises mediaError when an offer cannot be answered, and goes on with the next", async () => {
    const { server, room } = await inRoom();
    const errors: MediaError[] = [];
    room.on("mediaError", (event) => errors.push(event));
    server.on("subscriberAnswer", (frame) => (frame.body.case === "subscriberAnswer" && frame.body.value.revision === 1
      ? { error: { module: "AVSDK", code: 10001, message: "AVSDK 10001: stale revision" } }
      : { case: "ok", value: {} }));
    subscriberOffer(server, 1, [["0", "bob", MediaSource.AUDIO, "audio"]]);
    subscriberOffer(server, 2, [["0", "bob", MediaSource.AUDIO, "audio"]]);
    await settle();
    await settle();
    assert.equal(errors.length, 1);
    assert.ok(errors[0]?.error.is("AVSDK", 10001));
    assert.equal(server.requests("subscriberAnswer").length, 2);
  });
});

describe("views and stats", () => {
  it("requests and cancels views", async () => {
    const { server, room } = await inRoom();
    await room.requestViews([{ userId: "bob", source: "camera", quality: "high" }, { userId: "carol", source: "screen" }]);
    await room.cancelViews();
    const [request] = server.requests("requestViews").map((frame) => (frame.body.case === "requestViews" ? frame.body.value : assert.fail()));
    assert.deepEqual(request?.views.map((view) => [view.userId, view.source, view.quality]), [
      ["bob", MediaSource.CAMERA, VideoQuality.HIGH],
      ["carol", MediaSource.SCREEN, VideoQuality.AUTO],
    ]);
    assert.equal(server.requests("cancelViews").length, 1);
    assert.ok((await rejection(room.requestViews([{ userId: "bob", source: "audio" as "camera" }]))).is("ILiveSDK", 8021));
  });

  it("reads the server's media stats", async () => {
    const { server, room } = await inRoom();
    server.on("getMediaStats", () => ({
      case: "mediaStats",
      value: { tracks: [{ direction: "subscribe", userId: "bob", source: MediaSource.CAMERA, codec: "VP8", packets: 100n, bytes: 120_000n, bitrateKbps: 900, packetsLost: 2n, nacks: 3n, plis: 1n, layer: 2 }] },
    }));
    const stats = await room.getMediaStats();
    assert.deepEqual(stats.tracks, [{ direction: "subscribe", userId: "bob", source: "camera", codec: "VP8", packets: 100, bytes: 120_000, bitrateKbps: 900, packetsLost: 2, nacks: 3, plis: 1, layer: 2 }]);
  });

  it("times out a publish that gets no answer with 1005", async () => {
    const { server, room } = await inRoom();
    server.on("publish", () => noAnswer);
    const pending = rejection(room.publish({ audio: fakeTrack("audio") }));
    await server.clock.advance(10_000);
    assert.ok((await pending).is("AVSDK", 1005));
  });
});
