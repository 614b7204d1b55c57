import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { MediaStreamTrack, RTCPeerConnection } from "werift";
import { MediaSource } from "../../../../web/sdk/src/gen/protocol.js";
import type { RemoteTrack } from "../../../../web/sdk/src/media/RemoteTrack.js";
import type { LiveClient } from "../../../../web/sdk/src/client/LiveClient.js";
import { exitAfterTests } from "../../media/support/exitAfterTests.js";
import { settle } from "../support/FakeClock.js";
import { LoopbackStun } from "../support/LoopbackStun.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

// The SDK's media code on a real WebRTC stack (werift, pure JS), with a werift peer standing in for the SFU: the SDK's
// Publish offer is answered by it, and its offers come to the SDK as SubscriberOffer pushes. ICE runs on loopback only
// (werift's gathering asks the loopback STUN server, not its public default).
const stun = await LoopbackStun.start();
const loopbackOnly = {
  bundlePolicy: "max-bundle",
  iceServers: [{ urls: stun.url }],
  iceUseIpv6: false,
  iceInterfaceAddresses: { udp4: "127.0.0.1" },
  iceAdditionalHostAddresses: ["127.0.0.1"],
  iceFilterCandidatePair: (pair: { localCandidate: { host: string }; remoteCandidate: { host: string } }) =>
    pair.localCandidate.host === "127.0.0.1" && pair.remoteCandidate.host === "127.0.0.1",
};

const peers: RTCPeerConnection[] = [];
const clients: LiveClient[] = [];
after(async () => {
  // A failed test leaves its client in the room: its werift connections must not keep this file's process alive.
  for (const client of clients) {
    await client.currentRoom?.quit().catch(() => undefined);
    await client.stop().catch(() => undefined);
  }

  await Promise.all(peers.map((peer) => peer.close()));
  stun.close();
});
exitAfterTests();

function sfuPeer(): RTCPeerConnection {
  const peer = new RTCPeerConnection(loopbackOnly as ConstructorParameters<typeof RTCPeerConnection>[0]);
  peers.push(peer);
  return peer;
}

function connected(peer: RTCPeerConnection, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const check = (): void => {
      if (peer.connectionState === "connected" || Date.now() > deadline) {
        resolve(peer.connectionState);
      } else {
        setTimeout(check, 25);
      }
    };
    check();
  });
}

async function sdkClient() {
  const server = new ScriptedServer();
  const client = await server.loggedIn("alice", { RTCPeerConnection, rtcConfiguration: loopbackOnly });
  clients.push(client);
  const room = await client.createRoom(1);
  return { server, client, room };
}

describe("media on werift", () => {
  it("publishes: the Publish offer's mids are the m-lines the SFU sees, and ICE/DTLS connects", async () => {
    const { server, room, client } = await sdkClient();
    const sfu = sfuPeer();
    server.on("publish", async (frame) => {
      assert.equal(frame.body.case, "publish");
      if (frame.body.case !== "publish") {
        return { error: { module: "AVSDK", code: 10002, message: "?" } };
      }

      await sfu.setRemoteDescription({ type: "offer", sdp: frame.body.value.sdp });
      await sfu.setLocalDescription(await sfu.createAnswer());
      return { case: "publishAnswer", value: { sdp: sfu.localDescription?.sdp ?? "" } };
    });
    // The SDK's trickled candidates reach the stand-in SFU, as the server passes them to its ICE agent: connectivity
    // does not hang on werift learning the client's address from its checks alone (slow on a loaded machine).
    server.on("trickle", async (frame) => {
      if (frame.body.case === "trickle" && !frame.body.value.subscriber) {
        await sfu.addIceCandidate({ candidate: frame.body.value.candidate, sdpMLineIndex: 0 }).catch(() => undefined);
      }

      return { case: "ok", value: {} };
    });
    await room.publish({ audio: new MediaStreamTrack({ kind: "audio" }), camera: new MediaStreamTrack({ kind: "video" }) });
    const [publish] = server.requests("publish").map((frame) => (frame.body.case === "publish" ? frame.body.value : assert.fail()));
    const offeredMids = [...(publish?.sdp ?? "").matchAll(/^a=mid:(\S+)$/gm)].map((match) => match[1]);
    assert.deepEqual(publish?.tracks.map((track) => track.mid), offeredMids);
    assert.deepEqual(publish?.tracks.map((track) => track.source), [MediaSource.AUDIO, MediaSource.CAMERA]);
    assert.deepEqual(sfu.getTransceivers().map((transceiver) => [transceiver.mid, transceiver.kind]), [[offeredMids[0], "audio"], [offeredMids[1], "video"]]);
    assert.equal(await connected(sfu), "connected");

    await room.unpublish("camera");
    const reoffer = server.requests("publish")[1];
    assert.match(reoffer?.body.case === "publish" ? reoffer.body.value.sdp : "", /a=inactive/);
    await room.quit();
    await client.logout();
  });

  it("subscribes: answers the SFU's offers in order and labels the arriving tracks", async () => {
    const { server, room, client } = await sdkClient();
    const sfu = sfuPeer();
    const answered: number[] = [];
    server.on("subscriberAnswer", async (frame) => {
      if (frame.body.case === "subscriberAnswer") {
        await sfu.setRemoteDescription({ type: "answer", sdp: frame.body.value.sdp });
        answered.push(frame.body.value.revision);
      }

      return { case: "ok", value: {} };
    });
    const tracks: RemoteTrack[] = [];
    room.on("remoteTrack", (track) => tracks.push(track));
    const errors: string[] = [];
    room.on("mediaError", ({ error }) => errors.push(String(error)));

    const audio = sfu.addTransceiver(new MediaStreamTrack({ kind: "audio" }), { direction: "sendonly" });
    const camera = sfu.addTransceiver(new MediaStreamTrack({ kind: "video" }), { direction: "sendonly" });
    await sfu.setLocalDescription(await sfu.createOffer());
    server.push({
      body: {
        case: "subscriberOffer",
        value: {
          sdp: sfu.localDescription?.sdp ?? "",
          revision: 1,
          tracks: [{ mid: audio.mid ?? "", userId: "bob", source: MediaSource.AUDIO }, { mid: camera.mid ?? "", userId: "bob", source: MediaSource.CAMERA }],
        },
      },
    });
    for (let i = 0; i < 100 && answered.length < 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await settle();
    assert.deepEqual(errors, []);
    assert.deepEqual(answered, [1]);
    assert.deepEqual(tracks.map((track) => [track.userId, track.source, track.track.kind]), [["bob", "audio", "audio"], ["bob", "camera", "video"]]);
    assert.equal(await connected(sfu), "connected");
    await room.quit();
    await client.logout();
  });
});
