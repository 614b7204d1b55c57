import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Conversation, LiveError, LiveMessage, LiveRoomOptions } from "@openlive/sdk";
import { collect, nextEvent } from "../support/events.js";
import { loggedIn, newClient, uniqueRoom, uniqueUser, userSig } from "../support/RealServer.js";

describe("IM against the real server", () => {
  it("room chat both ways", async () => {
    const host = await loggedIn("web_chat_host");
    const guest = await loggedIn("web_chat_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId);

    const toGuest = nextEvent(guestRoom, "message");
    const sent = await hostRoom.sendMessage("hello, room");
    assert.ok(sent.seq >= 1);
    const atGuest = (await toGuest).message;
    assert.equal(atGuest.text, "hello, room");
    assert.equal(atGuest.sender, host.userId);
    assert.deepEqual(atGuest.conversation, { groupId: String(roomId) });
    assert.equal(atGuest.messageId, sent.messageId);

    const toHost = nextEvent(hostRoom, "message");
    await guestRoom.sendMessage(LiveMessage.text("hi, host").addCustom("{\"like\":1}", "like"));
    const atHost = (await toHost).message;
    assert.equal(atHost.text, "hi, host");
    assert.equal(atHost.sender, guest.userId);
    const custom = atHost.elements.find((element) => element.type === "custom");
    assert.equal(custom?.type === "custom" ? new TextDecoder().decode(custom.data) : undefined, "{\"like\":1}");
    assert.equal(custom?.type === "custom" ? custom.desc : undefined, "like");

    const history = await guestRoom.getMessages({ count: 10 });
    assert.deepEqual(history.map((message) => message.text), ["hi, host", "hello, room"]);
  });

  it("C2C: live commands arrive as commands; a retried send is stored once", async () => {
    const alice = await loggedIn("web_c2c_a");
    const bob = await loggedIn("web_c2c_b");
    const received = nextEvent(bob, "message");
    const message = LiveMessage.command(0x800, "gift:rose");
    const first = await alice.sendC2CMessage(bob.userId ?? "", message);
    const { message: got } = await received;
    assert.deepEqual(got.command, { userAction: 0x800, actionParam: "gift:rose" });
    assert.deepEqual(got.conversation, { userId: alice.userId });
    const retry = await alice.sendC2CMessage(bob.userId ?? "", message);
    assert.equal(retry.duplicate, true);
    assert.equal(retry.messageId, first.messageId);
  });

  it("delivers C2C messages sent while offline at the next login, once (the inbox is acknowledged)", async () => {
    const sender = await loggedIn("web_inbox_from");
    const receiverId = uniqueUser("web_inbox_to");
    // The receiver must have logged in once to be a known user.
    const firstSession = newClient();
    await firstSession.login(receiverId, userSig(receiverId));
    await firstSession.logout();

    await sender.sendC2CMessage(receiverId, "while you were away");
    const later = newClient();
    const messages = collect(later, "message");
    await later.login(receiverId, userSig(receiverId));
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    assert.deepEqual(messages.map((event) => event.message.text), ["while you were away"]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the acknowledgement reaches the server
    await later.logout();

    const again = newClient();
    const redelivered = collect(again, "message");
    await again.login(receiverId, userSig(receiverId));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(redelivered, []);
    const unread = await again.getUnreadCounts();
    assert.ok(unread.some((count) => count.conversation.userId === sender.userId && count.unread >= 1));
    const history = await again.getMessages(Conversation.withUser(sender.userId ?? ""));
    assert.equal(history[0]?.text, "while you were away");
  });

  it("a muted member's room messages are refused with 10003", async () => {
    const host = await loggedIn("web_mute_host");
    const guest = await loggedIn("web_mute_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId);
    const updated = nextEvent(guestRoom, "memberUpdated", (event) => event.member.userId === guest.userId);
    await hostRoom.muteMember(guest.userId ?? "", 60);
    assert.ok((await updated).member.mutedUntil !== undefined);
    try {
      await guestRoom.sendMessage("can you hear me?");
      assert.fail("a muted member sent a message");
    } catch (error) {
      assert.ok(error instanceof LiveError && error.is("AVSDK", 10003), String(error));
    }
  });
});
