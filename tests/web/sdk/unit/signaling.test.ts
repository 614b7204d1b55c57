import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LiveError } from "../../../../web/sdk/src/errors/LiveError.js";
import { rejection } from "../support/rejection.js";
import { signalingUrl } from "../../../../web/sdk/src/signaling/frames.js";
import { SignalingConnection } from "../../../../web/sdk/src/signaling/SignalingConnection.js";
import { FakeClock, settle } from "../support/FakeClock.js";
import { batchFrame, fakeSockets, type FakeWebSocket } from "../support/FakeWebSocket.js";

async function connected(clock = new FakeClock()): Promise<{ connection: SignalingConnection; socket: FakeWebSocket; clock: FakeClock }> {
  const sockets = fakeSockets();
  const connecting = SignalingConnection.connect({ url: "ws://openlive.test/signal", WebSocket: sockets.WebSocket, clock, timeoutMs: 5000 });
  const socket = await sockets.next();
  socket.accept();
  return { connection: await connecting, socket, clock };
}

describe("signaling URL", () => {
  it("maps the server's base URL to its /signal WebSocket", () => {
    assert.equal(signalingUrl("http://127.0.0.1:7880"), "ws://127.0.0.1:7880/signal");
    assert.equal(signalingUrl("https://live.example/"), "wss://live.example/signal");
    assert.equal(signalingUrl("wss://live.example/base/"), "wss://live.example/base/signal");
  });
});

describe("SignalingConnection", () => {
  it("opens with subprotocol openlive.v1 and binary frames as ArrayBuffers", async () => {
    const { socket } = await connected();
    assert.equal(socket.protocols, "openlive.v1");
    assert.equal(socket.binaryType, "arraybuffer");
  });

  it("numbers requests from 1 and matches answers by id, in any order", async () => {
    const { connection, socket } = await connected();
    const first = connection.request({ case: "getUnread", value: {} }, "unread", 5000);
    const second = connection.request({ case: "resolveUsers", value: { userIds: ["bob"] } }, "resolveUsers", 5000);
    assert.deepEqual(socket.sent.map((frame) => frame.requestId), [1, 2]);
    socket.push({ requestId: 2, body: { case: "resolveUsers", value: { users: [{ userId: "bob", tinyId: 7n }] } } });
    socket.push({ requestId: 1, body: { case: "unread", value: { counts: [] } } });
    assert.equal((await second).users[0]?.tinyId, 7n);
    assert.deepEqual((await first).counts, []);
  });

  it("rejects with the server's error", async () => {
    const { connection, socket } = await connected();
    const request = connection.request({ case: "joinRoom", value: {} }, "room", 5000);
    socket.push({ requestId: 1, error: { module: "AVSDK", code: 10009, message: "AVSDK 10009 AV_ERR_SERVER_ROOM_NOT_EXIST: no room" } });
    const error = await rejection(request);
    assert.equal(error.module, "AVSDK");
    assert.equal(error.code, 10009);
  });

  it("times out with 1005 (AV_ERR_TIMEOUT)", async () => {
    const { connection, clock } = await connected();
    const request = rejection(connection.request({ case: "getUnread", value: {} }, "unread", 3000));
    await clock.advance(2999);
    await clock.advance(1);
    const error = await request;
    assert.ok(error.is("AVSDK", 1005));
    assert.match(error.detail ?? "", /getUnread/);
  });

  it("fails pending requests with 8012 and reports why when the server drops the connection", async () => {
    const { connection, socket } = await connected();
    const reasons: Array<LiveError | undefined> = [];
    connection.onClosed = (reason) => reasons.push(reason);
    const request = rejection(connection.request({ case: "getUnread", value: {} }, "unread", 5000));
    socket.drop(1011, "going away");
    assert.ok((await request).is("ILiveSDK", 8012));
    assert.equal(reasons.length, 1);
    assert.ok(reasons[0]?.is("ILiveSDK", 8012));
    assert.match(reasons[0]?.detail ?? "", /1011 going away/);
    assert.equal(connection.isOpen, false);
    assert.ok((await rejection(connection.request({ case: "getUnread", value: {} }, "unread", 5000))).is("ILiveSDK", 8012));
  });

  it("closes on purpose without a reason", async () => {
    const { connection, socket } = await connected();
    const reasons: Array<LiveError | undefined> = [];
    connection.onClosed = (reason) => reasons.push(reason);
    connection.close();
    await settle();
    assert.deepEqual(reasons, [undefined]);
    assert.equal(socket.closedByClient?.code, 1000);
  });

  it("delivers a batch's frames in order: pushes and answers as if they came one by one", async () => {
    const { connection, socket } = await connected();
    const seen: string[] = [];
    connection.deliverPushesTo((frame) => seen.push(`push:${frame.body.case ?? ""}`));
    const request = connection.request({ case: "getUnread", value: {} }, "unread", 5000).then(() => seen.push("answer"));
    socket.push(batchFrame([
      { body: { case: "memberEvent", value: { eventId: 1 } } },
      { requestId: 1, body: { case: "unread", value: {} } },
      { body: { case: "memberEvent", value: { eventId: 2 } } },
    ]));
    await request;
    assert.deepEqual(seen, ["push:memberEvent", "push:memberEvent", "answer"]);
  });

  it("reports text frames and bytes that are not a ServerFrame as 8052 and stays open", async () => {
    const { connection, socket } = await connected();
    const errors: LiveError[] = [];
    connection.onProtocolError = (error) => errors.push(error);
    socket.push("hello");
    socket.push(new Uint8Array([0xff, 0xff, 0xff]));
    assert.equal(errors.length, 2);
    assert.ok(errors.every((error) => error.is("ILiveSDK", 8052)));
    assert.ok(connection.isOpen);
  });

  it("fails to connect with 8012 when refused or too slow", async () => {
    const clock = new FakeClock();
    const sockets = fakeSockets();
    const refused = rejection(SignalingConnection.connect({ url: "ws://openlive.test/signal", WebSocket: sockets.WebSocket, clock, timeoutMs: 5000 }));
    (await sockets.next()).refuse();
    assert.ok((await refused).is("ILiveSDK", 8012));

    const slow = rejection(SignalingConnection.connect({ url: "ws://openlive.test/signal", WebSocket: sockets.WebSocket, clock, timeoutMs: 5000 }));
    const socket = await sockets.next();
    await clock.advance(5000);
    const error = await slow;
    assert.ok(error.is("ILiveSDK", 8012));
    assert.match(error.detail ?? "", /5000 ms/);
    assert.ok(socket.closedByClient !== undefined);
  });
});
