import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiveCommandIds, LiveError, LiveRoomOptions, MemberEventId } from "@openlive/sdk";
import { collect, nextEvent } from "../support/events.js";
import { rejection } from "../support/sdkRejection.js";
import { loggedIn, uniqueRoom } from "../support/RealServer.js";

describe("rooms against the real server", () => {
  it("host creates, guest joins and leaves: IN and OUT member events, member maps", async () => {
    const host = await loggedIn("web_host");
    const guest = await loggedIn("web_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    assert.equal(hostRoom.ownerUserId, host.userId);
    assert.equal(hostRoom.self.controlRole, "LiveMaster");
    assert.equal(hostRoom.self.authBits, 0xff);

    const arrived = nextEvent(hostRoom, "memberEvent", (event) => event.eventId === MemberEventId.In);
    const guestRoom = await guest.joinRoom(roomId, LiveRoomOptions.audience());
    const inEvent = await arrived;
    assert.deepEqual(inEvent.members.map((member) => member.userId), [guest.userId]);
    assert.ok(hostRoom.members.has(guest.userId ?? ""));
    assert.deepEqual([...guestRoom.members.keys()].sort(), [guest.userId, host.userId].sort());
    assert.equal(guestRoom.self.controlRole, "Guest");
    assert.equal(guestRoom.groupId, String(roomId));

    const departed = nextEvent(hostRoom, "memberEvent", (event) => event.eventId === MemberEventId.Out);
    await guestRoom.quit();
    assert.deepEqual((await departed).members.map((member) => member.userId), [guest.userId]);
    assert.ok(!hostRoom.members.has(guest.userId ?? ""));
    assert.equal(guest.currentRoom, undefined);
  });

  it("likes and viewers are the server's: everyone, a late joiner too, sees the same counts; bad counts get 8021", async () => {
    const host = await loggedIn("web_likes_host");
    const fan = await loggedIn("web_likes_fan");
    const late = await loggedIn("web_likes_late");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    assert.deepEqual(hostRoom.counters, { likes: 0, viewers: 0 }); // the owner is not a viewer
    const fanRoom = await fan.joinRoom(roomId, LiveRoomOptions.audience());
    assert.equal(fanRoom.counters.viewers, 1);

    const hostSaw = nextEvent(hostRoom, "countersChanged", (event) => event.counters.likes === 7);
    await fanRoom.sendLikes(4);
    await fanRoom.sendLikes(3);
    const changed = await hostSaw;
    assert.equal(changed.lastLiker, fan.userId);
    assert.deepEqual(hostRoom.counters, { likes: 7, viewers: 1 });

    const lateRoom = await late.joinRoom(roomId, LiveRoomOptions.audience());
    assert.deepEqual(lateRoom.counters, { likes: 7, viewers: 2 });

    for (const count of [0, 101, 1.5, Number.NaN]) {
      assert.ok((await rejection(fanRoom.sendLikes(count))).is("ILiveSDK", 8021), `count ${count}`);
    }

    // A server refusal: the catalog's text in message, the server's own words apart in detail.
    const kicked = nextEvent(fanRoom, "ended");
    await hostRoom.kickMember(fan.userId ?? "", "spam");
    const reason = (await kicked).error;
    assert.ok(reason?.is("AVSDK", 10006));
    assert.equal(reason?.detail, "the room's owner removed you from the room: spam");
    assert.equal(reason?.message, reason?.text());
  });

  it("listRooms lists the rooms going on, newest first, with owner, members and counters; bad limits get 8021", async () => {
    const host = await loggedIn("web_list_host");
    const fan = await loggedIn("web_list_fan");
    const lister = await loggedIn("web_list_lister");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const fanRoom = await fan.joinRoom(roomId, LiveRoomOptions.audience());
    const liked = nextEvent(hostRoom, "countersChanged", (event) => event.counters.likes === 2);
    await fanRoom.sendLikes(2);
    await liked;

    const list = await lister.listRooms({ limit: 100 });
    const mine = list.rooms.find((room) => room.id === roomId);
    assert.ok(mine !== undefined, `room ${String(roomId)} is listed`);
    assert.deepEqual([mine.ownerUserId, mine.members, mine.counters], [host.userId, 2, { likes: 2, viewers: 1 }]);
    assert.ok(list.total >= 1);
    const times = list.rooms.map((room) => room.startedAt.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");
    assert.deepEqual((await lister.listRooms({ offset: list.total })).rooms, []);
    for (const limit of [0, 101, 1.5]) {
      assert.ok((await rejection(lister.listRooms({ limit }))).is("ILiveSDK", 8021), `limit ${limit}`);
    }
  });

  it("custom commands reach the room as command events, online only; the server's co-host commands cannot be forged", async () => {
    const host = await loggedIn("web_cmd_host");
    const fan = await loggedIn("web_cmd_fan");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const fanRoom = await fan.joinRoom(roomId, LiveRoomOptions.audience());
    const received = nextEvent(hostRoom, "command");
    await fanRoom.sendCommand(0x800, "gift:rose");
    assert.deepEqual(await received, { sender: fan.userId, command: { userAction: 0x800, actionParam: "gift:rose" } });
    assert.deepEqual(await hostRoom.getMessages(), []); // online only: not history
    assert.ok((await rejection(fanRoom.sendCommand(0x703, host.userId ?? ""))).is("AVSDK", 10003));
  });

  it("answers room errors with AVSDK/ILiveSDK codes and catalog names", async () => {
    const host = await loggedIn("web_err_host");
    const other = await loggedIn("web_err_other");
    const missing = await rejection(other.joinRoom(uniqueRoom()));
    assert.equal(missing.module, "AVSDK");
    assert.equal(missing.code, 10009);
    assert.equal(missing.name, "AV_ERR_SERVER_ROOM_NOT_EXIST");

    const roomId = uniqueRoom();
    await host.createRoom(roomId);
    const exists = await rejection(other.createRoom(roomId));
    assert.ok(exists.is("ILiveSDK", 8004));
    assert.equal(exists.name, "ERR_ALREADY_EXIST");
  });

  it("owner kicks a member: it gets ended with 10006, the others OUT", async () => {
    const host = await loggedIn("web_kick_host");
    const guest = await loggedIn("web_kick_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId);
    const ended = nextEvent(guestRoom, "ended");
    const out = nextEvent(hostRoom, "memberEvent", (event) => event.eventId === MemberEventId.Out);
    assert.ok((await rejection(guestRoom.kickMember(host.userId ?? ""))).is("AVSDK", 10003));
    await hostRoom.kickMember(guest.userId ?? "", "spam");
    const reason = await ended;
    assert.equal(reason.dismissed, false);
    assert.ok(reason.error?.is("AVSDK", 10006));
    assert.match(reason.error?.detail ?? "", /spam/);
    assert.deepEqual((await out).members.map((member) => member.userId), [guest.userId]);
    assert.equal(guest.currentRoom, undefined);
  });

  it("owner dismisses: members get ended (dismissed) and roomDisconnected", async () => {
    const host = await loggedIn("web_dis_host");
    const guest = await loggedIn("web_dis_guest");
    const roomId = `web-room-${uniqueRoom()}`;
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId);
    assert.equal(guestRoom.id, roomId);
    const ended = nextEvent(guestRoom, "ended");
    const disconnected = nextEvent(guest, "roomDisconnected");
    await hostRoom.dismiss();
    assert.deepEqual(await ended, { dismissed: true, error: undefined, sessionEnded: false });
    assert.equal((await disconnected).room, guestRoom);
    assert.equal(host.currentRoom, undefined);
    assert.ok((await rejection(guestRoom.getMembers())).is("AVSDK", 1201));
  });

  it("changes role: the member's bits change and the others see memberUpdated; no self-promotion", async () => {
    const host = await loggedIn("web_role_host");
    const guest = await loggedIn("web_role_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId, LiveRoomOptions.audience());
    assert.equal(guestRoom.self.authBits, 0xaa);
    // Without a privateMapKey, a member who is not the owner gets send bits only from the owner's invitation.
    assert.ok((await rejection(guestRoom.changeRole("LiveGuest"))).is("AVSDK", 10003));
    assert.equal(guestRoom.self.authBits, 0xaa);

    // The owner changes its own role freely.
    const updated = nextEvent(guestRoom, "memberUpdated", (event) => event.member.userId === host.userId);
    await hostRoom.changeRole("LiveGuest");
    assert.equal(hostRoom.self.controlRole, "LiveGuest");
    assert.equal(hostRoom.self.authBits, 0xfe);
    assert.equal((await updated).member.controlRole, "LiveGuest");
    assert.ok((await rejection(hostRoom.changeRole("LiveGuest"))).is("ILiveSDK", 8024));
    const members = await guestRoom.getMembers();
    assert.equal(members.length, 2);
    assert.equal((await guestRoom.getMember(host.userId ?? "")).controlRole, "LiveGuest");
    assert.equal((await guest.getRoomMembers(roomId)).length, 2);
  });

  it("co-hosting: invite, accept; the owner hears the answer", async () => {
    const host = await loggedIn("web_co_host");
    const guest = await loggedIn("web_co_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId, LiveRoomOptions.audience());
    const invited = nextEvent(guestRoom, "coHostInvited");
    await hostRoom.inviteCoHost(guest.userId ?? "", { expireSeconds: 30 });
    assert.deepEqual(hostRoom.pendingCoHostInvites, [guest.userId]);
    assert.equal((await invited).userId, host.userId);
    assert.equal(guestRoom.pendingCoHostInvitation, host.userId);
    const answered = nextEvent(hostRoom, "coHostAnswered");
    await guestRoom.acceptCoHostInvite();
    assert.equal(guestRoom.pendingCoHostInvitation, undefined);
    assert.deepEqual(await answered, { userId: guest.userId, accepted: true });
    assert.deepEqual(hostRoom.pendingCoHostInvites, []);
    assert.equal(guestRoom.self.controlRole, "LiveGuest");
    assert.ok((await rejection(guestRoom.rejectCoHostInvite())).is("AVSDK", 1803));
    const events = collect(guestRoom, "memberEvent");
    assert.deepEqual(events, []);
  });

  it("co-hosting: an unanswered invitation expires, both sides hear it, nothing stays pending, and no member can forge the expiry", async () => {
    const host = await loggedIn("web_exp_host");
    const guest = await loggedIn("web_exp_guest");
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId, LiveRoomOptions.audience());
    const invited = nextEvent(guestRoom, "coHostInvited");
    const guestHeard = nextEvent(guestRoom, "coHostInviteExpired");
    const hostHeard = nextEvent(hostRoom, "coHostInviteExpired");
    await hostRoom.inviteCoHost(guest.userId ?? "", { expireSeconds: 1 });
    await invited;
    assert.equal(guestRoom.pendingCoHostInvitation, host.userId);
    assert.equal((await guestHeard).userId, host.userId);
    assert.equal((await hostHeard).userId, guest.userId);
    assert.equal(guestRoom.pendingCoHostInvitation, undefined);
    assert.deepEqual(hostRoom.pendingCoHostInvites, []);
    assert.ok((await rejection(guestRoom.acceptCoHostInvite())).is("AVSDK", 1802));
    assert.ok((await rejection(guestRoom.sendCommand(LiveCommandIds.InviteExpired, host.userId ?? ""))).is("AVSDK", 10003));
  });
});
