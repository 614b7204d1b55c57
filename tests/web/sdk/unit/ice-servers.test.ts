import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { settle } from "../support/FakeClock.js";
import { createdPeers, FakePeerConnection, fakeTrack } from "../support/FakePeerConnection.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

// The ICE servers the server issues at login (LoginResult.ice_servers: its TURN relays with short-lived credentials)
// go into every peer connection the SDK creates, appended to the app's own rtcConfiguration.iceServers; the rest of the
// app's configuration (iceTransportPolicy) is kept as given.

const peers = FakePeerConnection as unknown as PeerConnectionConstructor;
const relay = { urls: ["turn:203.0.113.5:3478?transport=udp", "turn:203.0.113.5:3478?transport=tcp"], username: "1800000000:alice", credential: "c3VwZXJzZWNyZXQ=" };
const stun = { urls: ["stun:203.0.113.5:3478"], username: "", credential: "" };

function lastPeer(): FakePeerConnection {
  const peer = createdPeers.at(-1);
  assert.ok(peer !== undefined, "no peer connection was created");
  return peer;
}

async function publishedConfiguration(server: ScriptedServer, rtcConfiguration?: object): Promise<unknown> {
  server.on("publish", () => ({ case: "publishAnswer", value: { sdp: "server answer" } }));
  const client = await server.loggedIn("alice", { RTCPeerConnection: peers, ...(rtcConfiguration === undefined ? {} : { rtcConfiguration }) });
  const room = await client.createRoom(1);
  await room.publish({ camera: fakeTrack("video") });
  return lastPeer().configuration;
}

describe("ICE servers from the login", () => {
  it("are exposed on the client, one entry per URL, STUN without credentials", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, iceServers: [stun, relay] };
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
    assert.deepEqual(client.iceServers, [
      { urls: "stun:203.0.113.5:3478" },
      { urls: relay.urls[0], username: relay.username, credential: relay.credential },
      { urls: relay.urls[1], username: relay.username, credential: relay.credential },
    ]);
    await client.logout();
    assert.deepEqual(client.iceServers, []);
  });

  it("go into the SDK's peer connections with the default configuration", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, iceServers: [relay] };
    assert.deepEqual(await publishedConfiguration(server), {
      bundlePolicy: "max-bundle",
      iceServers: relay.urls.map((urls) => ({ urls, username: relay.username, credential: relay.credential })),
    });
  });

  it("are appended to the app's own iceServers, and the app's iceTransportPolicy is kept", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, iceServers: [relay] };
    const own = { urls: "turn:turn.app.example:3478", username: "app", credential: "app-secret" };
    const configuration = await publishedConfiguration(server, { iceServers: [own], iceTransportPolicy: "relay" }) as { iceServers: unknown[]; iceTransportPolicy: string };
    assert.equal(configuration.iceTransportPolicy, "relay");
    assert.deepEqual(configuration.iceServers[0], own);
    assert.deepEqual(configuration.iceServers.slice(1).map((server) => (server as { urls: string }).urls), relay.urls);
  });

  it("leave the app's configuration unchanged when the server issues none", async () => {
    const server = new ScriptedServer();
    const mine = { iceServers: [{ urls: "stun:stun.app.example" }], iceTransportPolicy: "all" };
    assert.deepEqual(await publishedConfiguration(server, mine), mine);
  });

  it("are replaced by a resumed login's fresh ones for the peer connections created after it", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, iceServers: [relay] };
    const client = await server.loggedIn("alice", { RTCPeerConnection: peers });
    const renewed = { ...relay, username: "1800009999:alice", credential: "bmV3LWNyZWRlbnRpYWw=" };
    server.loginResult = { ...server.loginResult, iceServers: [renewed] };
    server.socket.drop();
    await settle();
    assert.equal(client.state, "connected");
    assert.deepEqual(client.iceServers.map((server) => server.username), [renewed.username, renewed.username]);
  });
});
