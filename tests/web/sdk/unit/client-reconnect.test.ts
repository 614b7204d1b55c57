import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConnectionStateChanged } from "../../../../web/sdk/src/client/ConnectionState.js";
import type { LiveError } from "../../../../web/sdk/src/errors/LiveError.js";
import type { MemberEvent, RoomEnded } from "../../../../web/sdk/src/rooms/RoomEvents.js";
import { settle } from "../support/FakeClock.js";
import { batchFrame } from "../support/FakeWebSocket.js";
import { member, noAnswer, ScriptedServer } from "../support/ScriptedServer.js";
import { rejection } from "../support/rejection.js";

describe("LiveClient reconnect", () => {
  it("resumes after a drop: reconnecting, a login with the resume token, connected again", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const states: ConnectionStateChanged[] = [];
    client.on("connectionStateChanged", (event) => states.push(event));
    server.socket.drop();
    await settle();
    assert.equal(server.sockets.sockets.length, 2);
    const logins = server.requests("login");
    assert.equal(logins.length, 2);
    assert.equal(logins[1]?.body.case === "login" ? logins[1].body.value.resumeToken : undefined, "resume-1");
    assert.deepEqual(states.map((event) => event.state), ["reconnecting", "connected"]);
    assert.ok(states[0]?.error?.is("ILiveSDK", 8012));
    assert.equal(client.userId, "alice");
  });

  it("backs off 0.2 s doubling to 2 s between failed attempts", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    server.accepting = false;
    server.sockets.onSocket = (socket) => socket.refuse();
    server.socket.drop();
    await settle();
    assert.equal(client.state, "reconnecting");
    const attemptsAt: number[] = [];
    const start = server.clock.now();
    let seen = server.sockets.sockets.length;
    for (let elapsed = 0; elapsed < 9000; elapsed += 100) {
      await server.clock.advance(100);
      if (server.sockets.sockets.length > seen) {
        seen = server.sockets.sockets.length;
        attemptsAt.push(server.clock.now() - start);
      }
    }

    // First attempt at once, then after 200, 400, 800, 1600, 2000, 2000 ms…
    assert.deepEqual(attemptsAt.slice(0, 6), [200, 600, 1400, 3000, 5000, 7000]);
  });

  it("gives up when the resume window ends, and ends the room", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, resumeWindowMs: 3000 };
    const client = await server.loggedIn();
    const room = await client.createRoom(1);
    const ended: RoomEnded[] = [];
    const disconnected: (LiveError | undefined)[] = [];
    room.on("ended", (event) => ended.push(event));
    client.on("connectionStateChanged", (event) => {
      if (event.state === "disconnected") {
        disconnected.push(event.error);
      }
    });
    server.sockets.onSocket = (socket) => socket.refuse();
    server.socket.drop();
    await server.clock.advance(4000);
    assert.equal(client.state, "disconnected");
    // The room says the session ended; the cause comes once, with the change to "disconnected".
    assert.deepEqual(ended, [{ dismissed: false, error: undefined, sessionEnded: true }]);
    assert.equal(disconnected.length, 1);
    assert.ok(disconnected[0]?.is("ILiveSDK", 8012));
  });

  it("stops at a refused login (8051 expired ticket) without further attempts", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    server.on("login", () => ({ error: { module: "ILiveSDK", code: 8051, message: "ILiveSDK 8051 ERR_EXPIRE: expired" } }));
    const states: ConnectionStateChanged[] = [];
    client.on("connectionStateChanged", (event) => states.push(event));
    server.socket.drop();
    await server.clock.advance(5000);
    assert.equal(server.sockets.sockets.length, 2);
    assert.deepEqual(states.map((event) => event.state), ["reconnecting", "disconnected"]);
    assert.ok(states[1]?.error?.is("ILiveSDK", 8051));
  });

  it("fails calls while reconnecting: 8012, and 8001 for IM", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    await client.joinRoom(5);
    server.sockets.onSocket = () => {}; // the next connection hangs
    server.socket.drop();
    await settle();
    assert.equal(client.state, "reconnecting");
    assert.ok((await rejection(client.getTinyId("bob"))).is("ILiveSDK", 8012));
    assert.ok((await rejection(client.sendC2CMessage("bob", "hi"))).is("ILiveSDK", 8001));
  });

  it("refreshes the kept room: IN and OUT for who came and went meanwhile", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    server.on("joinRoom", () => ({ case: "room", value: server.roomState({ case: "number", value: 9 }, { ownerUserId: "host", others: [member("host"), member("leaver")] }) }));
    const room = await client.joinRoom(9);
    const events: MemberEvent[] = [];
    room.on("memberEvent", (event) => events.push(event));
    server.on("login", () => ({
      case: "login",
      value: { ...server.loginResult, resumed: true, room: server.roomState({ case: "number", value: 9 }, { ownerUserId: "host", others: [member("host"), member("newcomer")] }) },
    }));
    server.socket.drop();
    await settle();
    assert.equal(client.state, "connected");
    assert.equal(client.currentRoom, room);
    assert.deepEqual(events.map((event) => [event.eventId, event.members.map((m) => m.userId)]), [[1, ["newcomer"]], [2, ["leaver"]]]);
    assert.deepEqual([...room.members.keys()].sort(), ["alice", "host", "newcomer"]);
  });

  it("applies a resumed room before the pushes that came right behind the login answer", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(9);
    const events: MemberEvent[] = [];
    room.on("memberEvent", (event) => events.push(event));
    server.on("login", () => noAnswer);
    server.socket.drop();
    await settle();
    const socket = server.socket;
    socket.push(batchFrame([
      { requestId: 1, body: { case: "login", value: { ...server.loginResult, resumed: true, room: server.roomState({ case: "number", value: 9 }) } } },
      { body: { case: "memberEvent", value: { roomId: { id: { case: "number", value: 9 } }, eventId: 1, members: [member("late")] } } },
    ]));
    await settle();
    assert.equal(client.state, "connected");
    assert.deepEqual(events.map((event) => [event.eventId, event.members.map((m) => m.userId)]), [[1, ["late"]]]);
    assert.ok(room.members.has("late"));
  });

  it("ends the room with 8012 when the resumed session kept no seat", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(9);
    const disconnected: RoomEnded[] = [];
    client.on("roomDisconnected", (event) => disconnected.push(event));
    server.socket.drop();
    await settle();
    assert.equal(client.state, "connected");
    assert.equal(room.isEntered, false);
    assert.equal(client.currentRoom, undefined);
    assert.equal(disconnected.length, 1);
    assert.ok(disconnected[0]?.error?.is("ILiveSDK", 8012));
  });

  it("does not reconnect when switched off", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { autoReconnect: false });
    server.socket.drop();
    await settle();
    assert.equal(client.state, "disconnected");
    assert.equal(server.sockets.sockets.length, 1);
  });
});
