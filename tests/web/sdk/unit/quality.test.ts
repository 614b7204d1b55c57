import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MediaSource } from "../../../../web/sdk/src/gen/protocol.js";
import type { RoomQuality } from "../../../../web/sdk/src/media/RoomQuality.js";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { settle } from "../support/FakeClock.js";
import { createdPeers, FakePeerConnection, fakeOffer, fakeTrack } from "../support/FakePeerConnection.js";
import { rejection } from "../support/rejection.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

// iLiveSDK's quality data in the browser SDK: the room's `quality` event every qualityIntervalMs on the client's clock
// and room.getStats(), computed from the peer connections' getStats() (faked here, as RTCStats entries).

const peers = FakePeerConnection as unknown as PeerConnectionConstructor;

function lastPeer(): FakePeerConnection {
  const peer = createdPeers.at(-1);
  assert.ok(peer !== undefined, "no peer connection was created");
  return peer;
}

/** A publisher's stats: the camera on mid 0 at `bytes` sent, with the server's receiver report, at `timestamp`. */
function sentStats(timestamp: number, bytes: number) {
  return [
    { id: "out-cam", type: "outbound-rtp", kind: "video", mid: "0", timestamp, bytesSent: bytes, packetsSent: bytes / 1000, framesPerSecond: 30, frameWidth: 640, frameHeight: 360 },
    { id: "rin-cam", type: "remote-inbound-rtp", kind: "video", localId: "out-cam", timestamp, fractionLost: 0.02, roundTripTime: 0.04 },
  ];
}

/** A subscriber's stats: bob's camera on mid "v1" with `received` packets and `lost` lost, at `timestamp`. */
function receivedStats(timestamp: number, bytes: number, received: number, lost: number) {
  return [
    { id: "in-cam", type: "inbound-rtp", kind: "video", mid: "v1", timestamp, bytesReceived: bytes, packetsReceived: received, packetsLost: lost, jitter: 0.005, framesPerSecond: 25, frameWidth: 320, frameHeight: 180 },
  ];
}

describe("quality data", () => {
  it("raises `quality` every interval with kbit/s, fps, size, loss, RTT and jitter per track, and stops after leaving", async () => {
    const server = new ScriptedServer();
    server.on("publish", () => ({ case: "publishAnswer", value: { sdp: "server answer" } }));
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
    const room = await client.createRoom(1, { qualityIntervalMs: 500 });
    const seen: RoomQuality[] = [];
    room.on("quality", (quality) => seen.push(quality));

    await room.publish({ camera: fakeTrack("video") });
    const publisher = lastPeer();
    publisher.stats = sentStats(0, 0);
    server.push({ body: { case: "subscriberOffer", value: { sdp: fakeOffer([["video", "v1"]]), revision: 1, tracks: [{ mid: "v1", userId: "bob", source: MediaSource.CAMERA }] } } });
    await settle();
    const subscriber = lastPeer();
    assert.notEqual(subscriber, publisher);
    subscriber.stats = receivedStats(0, 0, 0, 0);

    await server.clock.advance(499);
    assert.equal(seen.length, 0, "nothing before the interval");
    await server.clock.advance(1);
    assert.equal(seen.length, 1, "one event at the interval");

    // 62.5 kB sent in 500 ms: 1000 kbit/s; 31.25 kB received: 500 kbit/s, 10 of 100 packets lost.
    publisher.stats = sentStats(500, 62_500);
    subscriber.stats = receivedStats(500, 31_250, 90, 10);
    await server.clock.advance(500);
    assert.equal(seen.length, 2);
    const quality = seen[1]!;
    assert.equal(quality.intervalMs, 500);
    assert.deepEqual([quality.sendKbps, quality.receiveKbps, quality.upLoss, quality.downLoss, quality.rttMs, quality.jitterMs, quality.cpuPercent], [1000, 500, 0.02, 0.1, 40, 5, undefined]);
    assert.deepEqual(quality.tracks, [
      { direction: "send", userId: "alice", source: "camera", mid: "0", kbps: 1000, fps: 30, width: 640, height: 360, loss: 0.02, rttMs: 40, jitterMs: 0 },
      { direction: "receive", userId: "bob", source: "camera", mid: "v1", kbps: 500, fps: 25, width: 320, height: 180, loss: 0.1, rttMs: undefined, jitterMs: 5 },
    ]);

    // On demand: within 100 ms of the periodic one, that one; later, measured from it.
    assert.equal(await room.getStats(), quality);
    await server.clock.advance(250);
    publisher.stats = sentStats(750, 62_500 + 12_500);
    const onDemand = await room.getStats();
    assert.deepEqual([onDemand.intervalMs, onDemand.sendKbps], [250, 400]);
    await server.clock.advance(250);
    assert.equal(seen.length, 3, "an on-demand sample does not move the period");

    await room.quit();
    await server.clock.advance(5000);
    assert.equal(seen.length, 3, "no event after leaving");
    const left = await rejection(room.getStats());
    assert.deepEqual([left.module, left.code], ["AVSDK", 1201]);
  });

  it("defaults to 1000 ms and refuses an interval outside 100-60000 ms with 8021", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
    for (const qualityIntervalMs of [99, 60_001, 250.5, Number.NaN]) {
      const refused = await rejection(client.createRoom(1, { qualityIntervalMs }));
      assert.deepEqual([refused.module, refused.code], ["ILiveSDK", 8021], String(qualityIntervalMs));
    }

    const room = await client.joinRoom(2);
    const seen: RoomQuality[] = [];
    room.on("quality", (quality) => seen.push(quality));
    await server.clock.advance(999);
    assert.equal(seen.length, 0);
    await server.clock.advance(1);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]?.tracks, [], "nothing published or received");
  });
});
