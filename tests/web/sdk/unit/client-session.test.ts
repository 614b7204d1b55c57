import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConnectionStateChanged } from "../../../../web/sdk/src/client/ConnectionState.js";
import { LiveClient } from "../../../../web/sdk/src/client/LiveClient.js";
import type { ForceOffline } from "../../../../web/sdk/src/client/LiveClientEvents.js";
import type { LiveError } from "../../../../web/sdk/src/errors/LiveError.js";
import type { RoomEnded } from "../../../../web/sdk/src/rooms/RoomEvents.js";
import { settle } from "../support/FakeClock.js";
import { batchFrame, fakeSockets } from "../support/FakeWebSocket.js";
import { rejection } from "../support/rejection.js";
import { noAnswer, ScriptedServer } from "../support/ScriptedServer.js";

describe("LiveClient options", () => {
  const WebSocket = fakeSockets().WebSocket;

  it("refuses options without a server URL, an app id or positive timeouts (8021)", async () => {
    assert.ok((await rejection(() => new LiveClient({ serverUrl: "openlive.test", sdkAppId: 1, WebSocket }))).is("ILiveSDK", 8021));
    assert.ok((await rejection(() => new LiveClient({ serverUrl: "http://openlive.test", sdkAppId: 0, WebSocket }))).is("ILiveSDK", 8021));
    assert.ok((await rejection(() => new LiveClient({ serverUrl: "http://openlive.test", sdkAppId: 1, WebSocket, requestTimeoutMs: 0 }))).is("ILiveSDK", 8021));
  });

  it("needs a WebSocket: the host's or an injected one (8021 otherwise)", async () => {
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      const error = await rejection(() => new LiveClient({ serverUrl: "http://openlive.test", sdkAppId: 1 }));
      assert.ok(error.is("ILiveSDK", 8021));
      assert.match(error.detail ?? "", /WebSocket/);
    } finally {
      if (saved !== undefined) {
        global.WebSocket = saved;
      }
    }
  });
});

describe("LiveClient session", () => {
  it("logs in with app id, user, userSig and protocol version 1, and reports the state", async () => {
    const server = new ScriptedServer();
    const client = server.client();
    const states: ConnectionStateChanged[] = [];
    client.on("connectionStateChanged", (event) => states.push(event));
    await client.login("alice", "sig-1");
    const [login] = server.requests("login");
    assert.equal(login?.body.case, "login");
    if (login?.body.case === "login") {
      assert.equal(login.body.value.sdkAppId, 1400000000);
      assert.equal(login.body.value.userId, "alice");
      assert.equal(login.body.value.userSig, "sig-1");
      assert.equal(login.body.value.protocolVersion, 1);
      assert.equal(login.body.value.resumeToken, "");
    }

    assert.equal(server.socket.url, "ws://openlive.test:7880/signal");
    assert.deepEqual(states.map((event) => event.state), ["connecting", "connected"]);
    assert.equal(client.state, "connected");
    assert.equal(client.userId, "alice");
    assert.equal(client.tinyId, 42n);
    assert.equal(client.sigExpiresAt?.getTime(), 1_800_000_000_000);
  });

  it("handles pushes that come in one batch with the login answer after the login, connected (inbox first delivery)", async () => {
    const server = new ScriptedServer();
    server.on("login", () => noAnswer);
    const client = server.client();
    const seen: string[] = [];
    client.on("message", (event) => seen.push(`${client.state}:${event.message.text}`));
    const login = client.login("alice", "sig");
    const socket = await server.sockets.next();
    await socket.next();
    socket.push(batchFrame([
      { requestId: 1, body: { case: "login", value: server.loginResult } },
      {
        body: {
          case: "message",
          value: { messageId: "inbox-1", sender: "bob", conversation: { target: { case: "userId", value: "bob" } }, elements: [{ element: { case: "text", value: { text: "while away" } } }], inboxSeq: 4n },
        },
      },
    ]));
    await login;
    await settle();
    assert.deepEqual(seen, ["connected:while away"]);
    assert.equal(server.requests("ackInbox").length, 1);
  });

  it("sends heartbeats at the login result's interval when the liveness watch is off (deadConnectionTimeoutMs: 0)", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, heartbeatIntervalMs: 5000 };
    await server.loggedIn("alice", { deadConnectionTimeoutMs: 0 });
    await server.clock.advance(4999);
    assert.equal(server.requests("heartbeat").length, 0);
    await server.clock.advance(1);
    assert.equal(server.requests("heartbeat").length, 1);
    await server.clock.advance(10_000);
    const beats = server.requests("heartbeat");
    assert.equal(beats.length, 3);
    assert.ok(beats.every((frame) => frame.requestId === 0));
  });

  it("watches the server: a heartbeat every second, and answered ones keep the connection", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    await server.clock.advance(10_000);
    assert.equal(server.requests("heartbeat").length, 10);
    assert.equal(client.state, "connected");
    assert.equal(server.sockets.sockets.length, 1);
  });

  it("a server that stops answering without closing (a lost machine, a cut link) is given up after 2 s: the client reconnects to the next URL", async () => {
    const server = new ScriptedServer();
    const states: ConnectionStateChanged[] = [];
    const client = await server.loggedIn("alice", { fallbackServerUrls: ["http://other.test:7880"] });
    client.on("connectionStateChanged", (event) => states.push(event));
    await server.clock.advance(1000); // one answered beat
    server.answeringHeartbeats = false;
    await server.clock.advance(1900);
    assert.equal(client.state, "connected", "not yet: 2 s have not passed since the unanswered heartbeat");
    await server.clock.advance(1200);
    assert.equal(states[0]?.state, "reconnecting");
    assert.ok(states[0]?.error?.is("ILiveSDK", 8012), states[0]?.error?.message);
    assert.match(states[0]?.error?.detail ?? "", /answered no heartbeat/);
    assert.equal(server.sockets.sockets[0]?.closedByClient?.code, 4000);
    server.answeringHeartbeats = true;
    await settle();
    await server.clock.advance(2000);
    assert.equal(server.sockets.sockets.at(-1)?.url, "ws://other.test:7880/signal");
    assert.equal(client.state, "connected");
  });

  it("a pause of the page itself is no evidence: after 5 s of not running, the server gets a full timeout from then", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const states: string[] = [];
    client.on("connectionStateChanged", (event) => states.push(event.state));
    server.answeringHeartbeats = false;
    await server.clock.advance(1000); // a heartbeat out, its answer not read yet
    server.clock.pause(5000);
    await server.clock.advance(0); // the overdue tick runs late
    assert.deepEqual(states, [], "silence while the page did not run is not the server's");
    await server.clock.advance(1900);
    assert.deepEqual(states, []);
    await server.clock.advance(700);
    assert.equal(states[0], "reconnecting", "a full timeout after the pause, still unanswered");
  });

  it("a request still being answered holds the verdict off: the server answers in order, so a slow request is not a dead server", async () => {
    const server = new ScriptedServer();
    server.on("resolveUsers", () => noAnswer);
    const client = await server.loggedIn();
    const states: string[] = [];
    client.on("connectionStateChanged", (event) => states.push(event.state));
    server.answeringHeartbeats = false;
    const slow = rejection(client.getTinyId("bob"));
    await server.clock.advance(5000);
    assert.deepEqual(states, [], "5 s of unanswered heartbeats behind a pending request");
    await server.clock.advance(5000);
    assert.ok((await slow).is("AVSDK", 1005), "the request's own timeout ends it");
    await server.clock.advance(3000);
    assert.equal(states[0], "reconnecting", "then the unanswered heartbeats count");
    assert.ok(server.sockets.sockets.length >= 2, "a new connection");
  });

  it("rejects a refused login with the server's error and ends disconnected", async () => {
    const server = new ScriptedServer();
    server.on("login", () => ({ error: { module: "ILiveSDK", code: 8051, message: "ILiveSDK 8051 ERR_EXPIRE: ticket expired" } }));
    const client = server.client();
    const error = await rejection(client.login("alice", "old"));
    assert.ok(error.is("ILiveSDK", 8051));
    assert.equal(error.name, "ERR_EXPIRE");
    assert.equal(client.state, "disconnected");
    assert.ok(server.socket.closedByClient !== undefined);
  });

  it("refuses a second login (8024) and a concurrent one (8011)", async () => {
    const server = new ScriptedServer();
    const client = server.client();
    const first = client.login("alice", "sig");
    assert.ok((await rejection(client.login("alice", "sig"))).is("ILiveSDK", 8011));
    await first;
    assert.ok((await rejection(client.login("alice", "sig"))).is("ILiveSDK", 8024));
  });

  it("fails calls before login with 8009 and timeouts with 1005", async () => {
    const server = new ScriptedServer();
    const client = server.client({ requestTimeoutMs: 2000 });
    assert.ok((await rejection(client.getTinyId("bob"))).is("ILiveSDK", 8009));
    await client.login("alice", "sig");
    server.on("resolveUsers", () => noAnswer);
    const pending = rejection(client.getTinyId("bob"));
    await server.clock.advance(2000);
    assert.ok((await pending).is("AVSDK", 1005));
  });

  it("is forced offline by a ForceOffline push (8050): room ended, disconnected, then the error once in forceOffline", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.createRoom(7);
    const forced: ForceOffline[] = [];
    const ended: RoomEnded[] = [];
    const order: string[] = [];
    const errors: (string | undefined)[] = [];
    client.on("forceOffline", (event) => {
      forced.push(event);
      order.push("forceOffline");
      errors.push(event.reason.name);
    });
    client.on("roomDisconnected", (event) => {
      order.push("roomDisconnected");
      errors.push(event.error?.name);
    });
    client.on("connectionStateChanged", (event) => {
      order.push(`state ${event.state}`);
      errors.push(event.error?.name);
    });
    room.on("ended", (event) => {
      ended.push(event);
      order.push("ended");
      errors.push(event.error?.name);
    });
    server.push({ body: { case: "forceOffline", value: { reason: { module: "ILiveSDK", code: 8050, message: "ILiveSDK 8050 ERR_KICK_OUT: Kicked offline (logged in elsewhere)" } } } });
    await settle();
    assert.deepEqual(order, ["ended", "roomDisconnected", "state disconnected", "forceOffline"]);
    assert.deepEqual(errors, [undefined, undefined, undefined, "ERR_KICK_OUT"]);
    assert.equal(forced.length, 1);
    assert.ok(forced[0]?.reason.is("ILiveSDK", 8050));
    assert.equal(client.state, "disconnected");
    assert.equal(client.currentRoom, undefined);
    assert.deepEqual(ended, [{ dismissed: false, error: undefined, sessionEnded: true }]);
    assert.equal(room.isEntered, false);
    // Forced offline is not a network drop: no reconnecting.
    assert.equal(server.sockets.sockets.length, 1);
  });

  it("logs out (1202 while still in a room), then refuses calls with 8009", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom("lobby");
    assert.ok((await rejection(client.logout())).is("AVSDK", 1202));
    await room.quit();
    await client.logout();
    assert.equal(server.requests("logout").length, 1);
    assert.equal(client.state, "disconnected");
    assert.equal(client.userId, undefined);
    assert.ok((await rejection(client.getTinyId("bob"))).is("ILiveSDK", 8009));
  });

  it("renews the userSig and adopts the new expiry", async () => {
    const server = new ScriptedServer();
    server.on("renewUserSig", () => ({ case: "renewUserSig", value: { sigExpiresAt: 1_900_000_000n } }));
    const client = await server.loggedIn();
    await client.renewUserSig("sig-2");
    const [renew] = server.requests("renewUserSig");
    assert.equal(renew?.body.case === "renewUserSig" ? renew.body.value.userSig : undefined, "sig-2");
    assert.equal(client.sigExpiresAt?.getTime(), 1_900_000_000_000);
  });

  it("stops: logs out, and every call afterwards fails with 1101", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    await client.stop();
    assert.equal(server.requests("logout").length, 1);
    assert.ok((await rejection(client.login("alice", "sig"))).is("AVSDK", 1101));
  });

  it("reports an error push outside any request as a protocol error", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const errors: LiveError[] = [];
    client.on("protocolError", (event) => errors.push(event.error));
    server.push({ error: { module: "ILiveSDK", code: 8011, message: "ILiveSDK 8011 ERR_BUSY_HERE: too many frames" } });
    server.socket.push("text");
    assert.deepEqual(errors.map((error) => error.code), [8011, 8052]);
  });
});
