import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MediaSource } from "../../../../web/sdk/src/gen/protocol.js";
import type { MediaReconnected } from "../../../../web/sdk/src/rooms/RoomEvents.js";
import type { RemoteTrack, RemoteTrackRemoved } from "../../../../web/sdk/src/media/RemoteTrack.js";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { settle } from "../support/FakeClock.js";
import { createdPeers, FakePeerConnection, fakeOffer, fakeTrack } from "../support/FakePeerConnection.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

const peers = FakePeerConnection as unknown as PeerConnectionConstructor;
const roomId = { case: "number", value: 1 } as const;

async function inRoom() {
  const server = new ScriptedServer();
  server.on("publish", () => ({ case: "publishAnswer", value: { sdp: "server answer" } }));
  const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
  const room = await client.createRoom(1);
  const reconnected: MediaReconnected[] = [];
  room.on("mediaReconnected", (event) => reconnected.push(event));
  return { server, client, room, reconnected };
}

function publishFrames(server: ScriptedServer) {
  return server.requests("publish").map((frame) => (frame.body.case === "publish" ? frame.body.value : assert.fail()));
}

function answeredRevisions(server: ScriptedServer): number[] {
  return server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value.revision : 0));
}

function mediaReset(server: ScriptedServer, mediaEpoch: number, id: { case: "number"; value: number } = roomId): void {
  server.push({ body: { case: "mediaReset", value: { roomId: { id }, mediaEpoch } } });
}

function subscriberOffer(server: ScriptedServer, revision: number, mediaEpoch: number, tracks: Array<[string, string, MediaSource, "audio" | "video"]>, connection = 0): void {
  server.push({
    body: {
      case: "subscriberOffer",
      value: {
        sdp: fakeOffer(tracks.map(([mid, , , kind]) => [kind, mid] as const), revision),
        revision,
        mediaEpoch,
        connection,
        tracks: tracks.map(([mid, userId, source]) => ({ mid, userId, source })),
      },
    },
  });
}

describe("the room's media epoch", () => {
  it("starts at the epoch the room was entered at", async () => {
    const server = new ScriptedServer();
    server.on("joinRoom", () => ({ case: "room", value: { ...server.roomState({ case: "number", value: 3 }), mediaEpoch: 2 } }));
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
    const room = await client.joinRoom(3);
    assert.equal(room.mediaEpoch, 2);
  });

  it("on a MediaReset push of a newer epoch: drops the subscriber, publishes the same tracks on a new connection, then mediaReconnected", async () => {
    const { server, room, reconnected } = await inRoom();
    const audio = fakeTrack("audio");
    const camera = fakeTrack("video");
    await room.publish({ audio, camera, simulcast: true });
    const oldPublisher = createdPeers.at(-1);
    subscriberOffer(server, 1, 0, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    const oldSubscriber = createdPeers.at(-1);
    assert.notEqual(oldSubscriber, oldPublisher);
    const order: string[] = [];
    room.on("remoteTrackRemoved", (event) => order.push(`removed ${event.userId} ${event.source}`));
    room.on("mediaReconnected", (event) => order.push(`reconnected ${event.mediaEpoch}`));

    mediaReset(server, 1);
    await settle();
    await settle();

    assert.equal(room.mediaEpoch, 1);
    assert.equal(oldPublisher?.closed, true);
    assert.equal(oldSubscriber?.closed, true);
    const newPublisher = createdPeers.at(-1);
    assert.ok(newPublisher !== undefined && newPublisher !== oldPublisher && newPublisher !== oldSubscriber);
    assert.deepEqual(newPublisher.transceivers.map((transceiver) => [transceiver.track?.id, transceiver.direction]), [[audio.id, "sendonly"], [camera.id, "sendonly"]]);
    assert.equal(newPublisher.transceivers[1]?.init?.sendEncodings?.length, 3, "the camera is sent as simulcast again");
    const frames = publishFrames(server);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[1]?.tracks.map((track) => track.source), [MediaSource.AUDIO, MediaSource.CAMERA]);
    assert.deepEqual(reconnected, [{ mediaEpoch: 1 }]);
    assert.deepEqual(order, ["removed bob camera", "reconnected 1"]);
    assert.deepEqual(room.published, ["audio", "camera"]);
  });

  it("ignores a MediaReset that is not newer, or is about another room", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    const publisher = createdPeers.at(-1);
    mediaReset(server, 0);
    mediaReset(server, 5, { case: "number", value: 2 });
    await settle();
    assert.equal(room.mediaEpoch, 0);
    assert.equal(publisher?.closed, false);
    assert.equal(publishFrames(server).length, 1);
    assert.deepEqual(reconnected, []);

    mediaReset(server, 1);
    await settle();
    mediaReset(server, 1); // the same move told twice
    await settle();
    assert.equal(publishFrames(server).length, 2);
    assert.deepEqual(reconnected, [{ mediaEpoch: 1 }]);
  });

  it("does not publish again what the app unpublished; with nothing published it only reports the reconnect", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio"), camera: fakeTrack("video") });
    await room.unpublish("camera");
    mediaReset(server, 1);
    await settle();
    assert.deepEqual(publishFrames(server).at(-1)?.tracks.map((track) => track.source), [MediaSource.AUDIO]);
    assert.deepEqual(room.published, ["audio"]);
    await room.unpublish("audio");
    const publishes = publishFrames(server).length;
    mediaReset(server, 2);
    await settle();
    assert.equal(publishFrames(server).length, publishes);
    assert.deepEqual(reconnected, [{ mediaEpoch: 1 }, { mediaEpoch: 2 }]);
  });

  it("retries the publish with backoff while the epoch is current", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    let refusals = 2;
    server.on("publish", () => (refusals-- > 0
      ? { error: { module: "AVSDK", code: 1005, message: "AVSDK 1005: timed out" } }
      : { case: "publishAnswer", value: { sdp: "server answer" } }));
    mediaReset(server, 1);
    await settle();
    assert.equal(publishFrames(server).length, 2);
    assert.deepEqual(reconnected, []);
    await server.clock.advance(200);
    assert.equal(publishFrames(server).length, 3);
    assert.deepEqual(reconnected, []);
    await server.clock.advance(400);
    assert.equal(publishFrames(server).length, 4);
    assert.deepEqual(reconnected, [{ mediaEpoch: 1 }]);
    assert.deepEqual(room.published, ["audio"]);
  });

  it("stops retrying when the room ends, and when a newer epoch takes over", async () => {
    const { server, client, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    server.on("publish", () => ({ error: { module: "AVSDK", code: 1005, message: "AVSDK 1005: timed out" } }));
    mediaReset(server, 1);
    await settle();
    mediaReset(server, 2); // the room moved again: the retries of epoch 1 end, epoch 2 publishes
    await settle();
    assert.equal(publishFrames(server).length, 3);
    await server.clock.advance(200);
    assert.equal(publishFrames(server).length, 4, "only epoch 2 retries");
    await client.quitRoom();
    await server.clock.advance(10_000);
    assert.equal(publishFrames(server).length, 4);
    assert.deepEqual(reconnected, []);
  });

  it("answers a subscriber offer of a newer epoch on a new connection, its tracks reported again after the old ones were removed", async () => {
    const { server, room } = await inRoom();
    const events: string[] = [];
    room.on("remoteTrack", (track: RemoteTrack) => events.push(`track ${track.userId} ${track.source}`));
    room.on("remoteTrackRemoved", (removed: RemoteTrackRemoved) => events.push(`removed ${removed.userId} ${removed.source}`));
    subscriberOffer(server, 1, 0, [["0", "bob", MediaSource.CAMERA, "video"]]);
    subscriberOffer(server, 2, 0, [["0", "bob", MediaSource.CAMERA, "video"], ["1", "bob", MediaSource.AUDIO, "audio"]]);
    await settle();
    const first = createdPeers.at(-1);
    // The room moved: its new node offers revision 1 of epoch 1 (before, or without, the MediaReset push).
    subscriberOffer(server, 1, 1, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    const second = createdPeers.at(-1);
    assert.ok(second !== undefined && second !== first);
    assert.equal(first?.closed, true);
    assert.deepEqual(second.calls, ["setRemoteDescription:offer", "createAnswer", "setLocalDescription:answer"]);
    assert.deepEqual(answeredRevisions(server), [1, 2, 1]);
    assert.deepEqual(events, ["track bob camera", "track bob audio", "removed bob camera", "removed bob audio", "track bob camera"]);

    // The MediaReset that follows the offer does not drop the connection of its own epoch.
    mediaReset(server, 1);
    await settle();
    assert.equal(second.closed, false);
    assert.equal(room.mediaEpoch, 1);
  });

  it("reconnects its media when a resumed login's room state has a newer epoch", async () => {
    const { server, client, room, reconnected } = await inRoom();
    await room.publish({ camera: fakeTrack("video") });
    const publisher = createdPeers.at(-1);
    server.on("login", () => ({ case: "login", value: { ...server.loginResult, resumed: true, room: { ...server.roomState(roomId), mediaEpoch: 1 } } }));
    server.socket.drop();
    await settle();
    await settle();
    assert.equal(client.state, "connected");
    assert.equal(room.isEntered, true);
    assert.equal(room.mediaEpoch, 1);
    assert.equal(publisher?.closed, true);
    assert.equal(publishFrames(server).length, 2);
    assert.deepEqual(reconnected, [{ mediaEpoch: 1 }]);
  });
});

describe("a dead media path (the browser marks a connection disconnected)", () => {
  it("asks for new connections, drops the subscriber, publishes the same tracks again and raises mediaReconnected with the same epoch", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio"), camera: fakeTrack("video") });
    const oldPublisher = createdPeers.at(-1);
    subscriberOffer(server, 1, 0, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    const oldSubscriber = createdPeers.at(-1);

    oldSubscriber?.setIceState("connected");
    oldSubscriber?.setIceState("disconnected");
    await settle();
    await settle();

    assert.equal(server.requests("restartMedia").length, 1);
    assert.equal(oldSubscriber?.closed, true);
    assert.equal(oldPublisher?.closed, true);
    assert.equal(publishFrames(server).length, 2);
    assert.deepEqual(publishFrames(server)[1]?.tracks.map((track) => track.source), [MediaSource.AUDIO, MediaSource.CAMERA]);
    assert.deepEqual(reconnected, [{ mediaEpoch: 0 }]);
    assert.equal(room.mediaEpoch, 0);
    assert.equal(room.mediaRestarts, 1);

    // The server's offer for the new connection (connection 1) gets a new peer connection; a late re-offer of the
    // closed one (connection 0) is not answered.
    subscriberOffer(server, 2, 0, [["0", "bob", MediaSource.CAMERA, "video"]], 0);
    await settle();
    assert.deepEqual(answeredRevisions(server), [1]);
    subscriberOffer(server, 3, 0, [["0", "bob", MediaSource.CAMERA, "video"]], 1);
    await settle();
    const newSubscriber = createdPeers.at(-1);
    assert.ok(newSubscriber !== oldSubscriber && newSubscriber !== undefined && !newSubscriber.closed);
    assert.deepEqual(answeredRevisions(server), [1, 3]);
  });

  it("keeps a subscriber connection whose offer came before the restart's answer", async () => {
    const { server, room } = await inRoom();
    subscriberOffer(server, 1, 0, [["0", "bob", MediaSource.CAMERA, "video"]]);
    await settle();
    const oldSubscriber = createdPeers.at(-1);
    // The server restarts and offers the new connection before its answer to RestartMedia is read.
    server.on("restartMedia", () => {
      subscriberOffer(server, 2, 0, [["0", "bob", MediaSource.CAMERA, "video"]], 1);
      return { case: "ok", value: {} };
    });
    oldSubscriber?.setIceState("connected");
    oldSubscriber?.setIceState("disconnected");
    await settle();
    await settle();
    const newSubscriber = createdPeers.at(-1);
    assert.ok(newSubscriber !== oldSubscriber && newSubscriber !== undefined);
    assert.equal(oldSubscriber?.closed, true);
    assert.equal(newSubscriber.closed, false, "the new connection stays");
    assert.deepEqual(answeredRevisions(server), [1, 2]);
    assert.equal(room.mediaRestarts, 1);
  });

  it("tries again while the path stays dead (8011: too soon), stops when it comes back; a second dead connection joins the first", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    const publisher = createdPeers.at(-1);
    subscriberOffer(server, 1, 0, [["0", "bob", MediaSource.AUDIO, "audio"]]);
    await settle();
    const subscriber = createdPeers.at(-1);
    let refusals = 1;
    server.on("restartMedia", () => (refusals-- > 0
      ? { error: { module: "ILiveSDK", code: 8011, message: "ILiveSDK 8011: restarted 300 ms ago" } }
      : { case: "ok", value: {} }));
    for (const peer of [subscriber, publisher]) {
      peer?.setIceState("connected");
      peer?.setIceState("disconnected");
    }
    await settle();
    assert.equal(server.requests("restartMedia").length, 1, "both dead connections make one restart");
    await server.clock.advance(200);
    assert.equal(server.requests("restartMedia").length, 2);
    assert.deepEqual(reconnected, [{ mediaEpoch: 0 }]);
    assert.equal(room.mediaRestarts, 1);

    // A path that comes back by itself while the restart is being refused is not asked about again.
    const next = createdPeers.at(-1); // the publisher connection the restart made
    assert.ok(next !== publisher && next !== subscriber);
    server.on("restartMedia", () => ({ error: { module: "ILiveSDK", code: 8011, message: "ILiveSDK 8011: too soon" } }));
    next?.setIceState("connected");
    next?.setIceState("disconnected");
    await settle();
    next?.setIceState("connected");
    await server.clock.advance(5_000);
    assert.equal(server.requests("restartMedia").length, 3);
    assert.equal(next?.closed, false);
  });

  it("does nothing with restartDeadMedia off", async () => {
    const server = new ScriptedServer();
    server.on("publish", () => ({ case: "publishAnswer", value: { sdp: "server answer" } }));
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers, restartDeadMedia: false });
    const room = await client.createRoom(1);
    await room.publish({ audio: fakeTrack("audio") });
    createdPeers.at(-1)?.setIceState("connected");
    createdPeers.at(-1)?.setIceState("disconnected");
    await server.clock.advance(5_000);
    assert.equal(server.requests("restartMedia").length, 0);
    assert.equal(room.mediaRestarts, 0);
  });

  it("leaves a connection that never connected to fail: a new one would not reach the server either", async () => {
    const { server, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    const publisher = createdPeers.at(-1);
    publisher?.setIceState("failed");
    await server.clock.advance(5_000);
    assert.equal(server.requests("restartMedia").length, 0);
    assert.equal(publisher?.closed, false);
    assert.equal(room.mediaRestarts, 0);
  });
});

describe("a silent media path (nothing arrives on the selected candidate pair)", () => {
  /** The selected pair as Chromium reports it, having received `bytes` so far. */
  function pairStats(bytes: number) {
    return [
      { id: "T01", type: "transport", selectedCandidatePairId: "CP1" },
      { id: "CP1", type: "candidate-pair", nominated: true, state: "succeeded", bytesReceived: bytes, packetsReceived: bytes / 100 },
    ];
  }

  it("is restarted after deadMediaTimeoutMs of silence, before the browser calls it disconnected; traffic keeps it", async () => {
    const { server, room, reconnected } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    const publisher = createdPeers.at(-1);
    assert.ok(publisher !== undefined);
    publisher.stats = pairStats(100);
    publisher.setIceState("connected");

    // Something arrives on every look (the server sends at least every 0.5 s): alive, however long.
    for (let i = 1; i <= 12; i++) {
      publisher.stats = pairStats(100 + (i * 100));
      await server.clock.advance(500);
    }

    assert.equal(server.requests("restartMedia").length, 0);

    // Then nothing: dead once 2 s (the default) pass without a change, though ICE still says connected.
    await server.clock.advance(2000);
    assert.equal(server.requests("restartMedia").length, 0, "not before the timeout");
    await server.clock.advance(500);
    await settle();
    assert.equal(server.requests("restartMedia").length, 1);
    assert.equal(publisher.closed, true, "the silent connection was replaced (its ICE never said disconnected)");
    assert.deepEqual(reconnected, [{ mediaEpoch: 0 }]);
    assert.equal(room.mediaRestarts, 1);
  });

  it("judges nothing without a selected pair, and with deadMediaTimeoutMs 0 leaves the verdict to the browser", async () => {
    const { server, room } = await inRoom();
    await room.publish({ audio: fakeTrack("audio") });
    createdPeers.at(-1)?.setIceState("connected"); // no stats at all (a library without candidate-pair stats)
    await server.clock.advance(10_000);
    assert.equal(server.requests("restartMedia").length, 0);

    const quiet = new ScriptedServer();
    quiet.on("publish", () => ({ case: "publishAnswer", value: { sdp: "server answer" } }));
    const client = await quiet.loggedIn("carol", { RTCPeerConnection: peers, deadMediaTimeoutMs: 0 });
    const quietRoom = await client.createRoom(1);
    await quietRoom.publish({ audio: fakeTrack("audio") });
    const peer = createdPeers.at(-1);
    assert.ok(peer !== undefined);
    peer.stats = pairStats(100);
    peer.setIceState("connected");
    await quiet.clock.advance(10_000);
    assert.equal(quiet.requests("restartMedia").length, 0);
    peer.setIceState("disconnected");
    await settle();
    assert.equal(quiet.requests("restartMedia").length, 1);
  });

  it("refuses a deadMediaTimeoutMs outside 0 or 500 to 20000 (8021)", async () => {
    for (const deadMediaTimeoutMs of [-1, 100, 499, 20_001, Number.NaN]) {
      const server = new ScriptedServer();
      await assert.rejects(server.loggedIn("dave", { RTCPeerConnection: peers, deadMediaTimeoutMs }), (error: unknown) => (error as { code?: number }).code === 8021);
    }
  });
});

