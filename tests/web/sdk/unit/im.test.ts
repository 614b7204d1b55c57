import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { MessageSchema } from "../../../../web/sdk/src/gen/protocol.js";
import { Conversation } from "../../../../web/sdk/src/im/Conversation.js";
import { parseLiveCommand } from "../../../../web/sdk/src/im/LiveCommand.js";
import { LiveMessage } from "../../../../web/sdk/src/im/LiveMessage.js";
import type { ReceivedMessage } from "../../../../web/sdk/src/im/ReceivedMessage.js";
import { settle } from "../support/FakeClock.js";
import type { ServerFrameInit } from "../support/FakeWebSocket.js";
import { rejection } from "../support/rejection.js";
import { noAnswer, ScriptedServer } from "../support/ScriptedServer.js";

const encoder = new TextEncoder();

type MessageInit = MessageInitShape<typeof MessageSchema>;

function wireMessage(id: string, init: { sender?: string; group?: string; text?: string; inboxSeq?: bigint; custom?: Uint8Array }): MessageInit {
  const sender = init.sender ?? "bob";
  return {
    messageId: id,
    seq: 3n,
    sender,
    conversation: { target: init.group === undefined ? { case: "userId", value: sender } : { case: "groupId", value: init.group } },
    elements: init.custom === undefined
      ? [{ element: { case: "text", value: { text: init.text ?? "hi" } } }]
      : [{ element: { case: "custom", value: { data: init.custom, desc: "d", ext: "e" } } }],
    sentAtMs: 1_700_000_000_123n,
    inboxSeq: init.inboxSeq ?? 0n,
  };
}

function messagePush(id: string, init: Parameters<typeof wireMessage>[1]): ServerFrameInit {
  return { body: { case: "message", value: wireMessage(id, init) } };
}

describe("IM", () => {
  it("builds text, custom and live-command elements as the .NET SDK does", () => {
    const message = LiveMessage.text("hello").addCustom("raw", "desc", "ext");
    assert.deepEqual(message.elements[0], { type: "text", text: "hello" });
    const custom = message.elements[1];
    assert.equal(custom?.type, "custom");
    assert.equal(custom?.type === "custom" ? new TextDecoder().decode(custom.data) : undefined, "raw");
    const command = LiveMessage.command(0x800, "like").elements[0];
    assert.equal(command?.type === "custom" ? new TextDecoder().decode(command.data) : undefined, '{"userAction":2048,"actionParam":"like"}');
    assert.deepEqual(parseLiveCommand(encoder.encode('{"userAction":1795,"actionParam":"x"}')), { userAction: 1795, actionParam: "x" });
    assert.equal(parseLiveCommand(encoder.encode("not json")), undefined);
  });

  it("sends C2C and group messages with a client message id that a retry reuses", async () => {
    const server = new ScriptedServer();
    server.on("sendMessage", () => ({ case: "sent", value: { messageId: "m-1", seq: 5n, sentAtMs: 1_700_000_000_000n, duplicate: false } }));
    const client = await server.loggedIn();
    const message = LiveMessage.text("hi").addCustom(new Uint8Array([1, 2]));
    const sent = await client.sendC2CMessage("bob", message);
    assert.deepEqual(sent, { messageId: "m-1", seq: 5, sentAt: new Date(1_700_000_000_000), duplicate: false });
    await client.sendC2CMessage("bob", message, { onlineOnly: true });
    const room = await client.joinRoom(9);
    await room.sendMessage("to the room");

    const frames = server.requests("sendMessage").map((frame) => (frame.body.case === "sendMessage" ? frame.body.value : assert.fail()));
    assert.deepEqual(frames[0]?.to?.target, { case: "userId", value: "bob" });
    assert.match(frames[0]?.clientMessageId ?? "", /^[0-9a-f]{32}$/);
    assert.equal(frames[1]?.clientMessageId, frames[0]?.clientMessageId);
    assert.equal(frames[0]?.onlineOnly, false);
    assert.equal(frames[1]?.onlineOnly, true);
    assert.deepEqual(frames[0]?.elements.map((element) => element.element.case), ["text", "custom"]);
    assert.deepEqual(frames[2]?.to?.target, { case: "groupId", value: "9" });
    assert.notEqual(frames[2]?.clientMessageId, frames[0]?.clientMessageId);
  });

  it("refuses empty messages (8021), group messages outside a room (8003)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    assert.ok((await rejection(client.sendC2CMessage("bob", new LiveMessage()))).is("ILiveSDK", 8021));
    assert.ok((await rejection(client.sendGroupMessage("x"))).is("ILiveSDK", 8003));
    assert.ok((await rejection(client.sendMessage(Conversation.withUser(""), "x"))).is("ILiveSDK", 8021));
    assert.ok((await rejection(client.getMessages(Conversation.withUser("bob"), { count: 101 }))).is("ILiveSDK", 8021));
  });

  it("raises messages once, routes the room's group messages to the room, and acknowledges the inbox", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(9);
    const all: ReceivedMessage[] = [];
    const inRoom: ReceivedMessage[] = [];
    client.on("message", (event) => all.push(event.message));
    room.on("message", (event) => inRoom.push(event.message));
    server.push(messagePush("c2c-1", { text: "hello", inboxSeq: 11n }));
    server.push(messagePush("c2c-1", { text: "hello", inboxSeq: 11n })); // redelivered from the inbox
    server.push(messagePush("g-1", { group: "9", sender: "carol", text: "hi room" }));
    server.push(messagePush("g-2", { group: "10", sender: "carol" }));
    await settle();
    assert.deepEqual(all.map((message) => message.messageId), ["c2c-1", "g-1", "g-2"]);
    assert.deepEqual(inRoom.map((message) => message.messageId), ["g-1"]);
    const first = all[0];
    assert.equal(first?.text, "hello");
    assert.equal(first?.sender, "bob");
    assert.deepEqual(first?.conversation, { userId: "bob" });
    assert.equal(first?.seq, 3);
    assert.equal(first?.sentAt.getTime(), 1_700_000_000_123);
    // Each inbox delivery is acknowledged (the duplicate too: the server must stop redelivering it).
    const acks = server.requests("ackInbox").map((frame) => (frame.body.case === "ackInbox" ? frame.body.value.inboxSeq : 0n));
    assert.deepEqual(acks, [11n, 11n]);
  });

  it("reads live commands from received custom elements", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const received = client.next("message");
    server.push(messagePush("cmd", { custom: encoder.encode('{"userAction":2049,"actionParam":"gift"}') }));
    const { message } = await received;
    assert.deepEqual(message.command, { userAction: 2049, actionParam: "gift" });
    assert.equal(message.text, "");
  });

  it("reads history, unread counts and marks read", async () => {
    const server = new ScriptedServer();
    server.on("getMessages", () => ({ case: "messages", value: { messages: [wireMessage("h-2", { text: "two" }), wireMessage("h-1", { text: "one" })] } }));
    server.on("getUnread", () => ({ case: "unread", value: { counts: [{ conversation: { target: { case: "groupId", value: "9" } }, unread: 4n, lastSeq: 20n }] } }));
    const client = await server.loggedIn();
    const history = await client.getMessages(Conversation.withUser("bob"), { count: 2, beforeSeq: 10 });
    assert.deepEqual(history.map((message) => message.text), ["two", "one"]);
    const [request] = server.requests("getMessages");
    if (request?.body.case === "getMessages") {
      assert.equal(request.body.value.count, 2);
      assert.equal(request.body.value.beforeSeq, 10n);
    }

    assert.deepEqual(await client.getUnreadCounts(), [{ conversation: { groupId: "9" }, unread: 4, lastSeq: 20 }]);
    await client.markRead(Conversation.inGroup("9"), 20);
    assert.equal(server.requests("markRead").length, 1);
  });

  it("times out a send with 1005 and keeps the id for the retry", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { requestTimeoutMs: 1000 });
    server.on("sendMessage", () => noAnswer);
    const message = LiveMessage.text("once");
    const first = rejection(client.sendC2CMessage("bob", message));
    await server.clock.advance(1000);
    assert.ok((await first).is("AVSDK", 1005));
    server.on("sendMessage", () => ({ case: "sent", value: { messageId: "m", seq: 1n, duplicate: true } }));
    assert.equal((await client.sendC2CMessage("bob", message)).duplicate, true);
    const ids = server.requests("sendMessage").map((frame) => (frame.body.case === "sendMessage" ? frame.body.value.clientMessageId : ""));
    assert.equal(ids[0], ids[1]);
  });
});
