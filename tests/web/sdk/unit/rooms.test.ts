import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RoomDisconnected } from "../../../../web/sdk/src/client/LiveClientEvents.js";
import { LiveRoomOptions } from "../../../../web/sdk/src/rooms/LiveRoomOptions.js";
import { MemberEventId } from "../../../../web/sdk/src/rooms/MemberEventId.js";
import { MemberOutReason } from "../../../../web/sdk/src/rooms/MemberOutReason.js";
import type { CoHostEvent, MemberEvent, MemberUpdated, RoomEnded } from "../../../../web/sdk/src/rooms/RoomEvents.js";
import { settle } from "../support/FakeClock.js";
import { batchFrame } from "../support/FakeWebSocket.js";
import { FakePeerConnection } from "../support/FakePeerConnection.js";
import type { PeerConnectionConstructor } from "../../../../web/sdk/src/platform/rtc.js";
import { rejection } from "../support/rejection.js";
import { member, noAnswer, ScriptedServer } from "../support/ScriptedServer.js";

describe("rooms", () => {
  it("creates a room with the wire id and options, and adopts the state", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.createRoom(1234, { ...LiveRoomOptions.host(), authBits: 0xff, imSupport: false });
    const [create] = server.requests("createRoom");
    assert.equal(create?.body.case, "createRoom");
    if (create?.body.case === "createRoom") {
      assert.deepEqual(create.body.value.roomId?.id, { case: "number", value: 1234 });
      assert.equal(create.body.value.options?.controlRole, "LiveMaster");
      assert.equal(create.body.value.options?.authBits, 0xffn);
      assert.equal(create.body.value.options?.autoCamera, true);
      assert.equal(create.body.value.options?.autoRequestCamera, true);
      assert.equal(create.body.value.options?.disableIm, true);
    }

    assert.equal(room.id, 1234);
    assert.equal(room.groupId, "1234");
    assert.equal(room.ownerUserId, "alice");
    assert.equal(room.self.controlRole, "LiveMaster");
    assert.equal(room.self.authBits, 0xff);
    assert.deepEqual(room.video, { width: 640, height: 480, fps: 15, maxBitrateKbps: 800 });
    assert.equal(client.currentRoom, room);
  });

  it("joins string rooms; -1 auth bits are all ones (AUTH_BITS_DEFAULT)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom("lobby-1", { authBits: -1 });
    const [join] = server.requests("joinRoom");
    if (join?.body.case === "joinRoom") {
      assert.deepEqual(join.body.value.roomId?.id, { case: "text", value: "lobby-1" });
      assert.equal(join.body.value.options?.authBits, 0xffff_ffff_ffff_ffffn);
    }

    assert.equal(room.id, "lobby-1");
  });

  it("refuses bad room ids (8021), another room (8010) and overlapping room operations (8011)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    assert.ok((await rejection(client.joinRoom(0))).is("ILiveSDK", 8021));
    assert.ok((await rejection(client.joinRoom(2 ** 32))).is("ILiveSDK", 8021));
    assert.ok((await rejection(client.joinRoom(""))).is("ILiveSDK", 8021));
    server.on("joinRoom", () => noAnswer);
    const hanging = client.joinRoom(1);
    assert.ok((await rejection(client.joinRoom(2))).is("ILiveSDK", 8011));
    server.handlers.delete("joinRoom");
    void hanging.catch(() => undefined);
    await server.clock.advance(10_000);
    await client.joinRoom(1);
    assert.ok((await rejection(client.joinRoom(2))).is("ILiveSDK", 8010));
    assert.ok((await rejection(client.quitRoom().then(() => client.quitRoom()))).is("ILiveSDK", 8003));
  });

  it("adopts an answer before the pushes batched behind it: the new room gets them, a later update is not overwritten", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { RTCPeerConnection: FakePeerConnection as unknown as PeerConnectionConstructor });
    server.on("joinRoom", () => noAnswer);
    const joining = client.joinRoom(7);
    await settle();
    const [join] = server.requests("joinRoom");
    const roomId = { id: { case: "number" as const, value: 7 } };
    server.socket.push(batchFrame([
      { requestId: join?.requestId ?? 0, body: { case: "room", value: server.roomState({ case: "number", value: 7 }, { others: [member("bob")] }) } },
      { body: { case: "memberEvent", value: { roomId, eventId: 1, members: [member("carol")] } } },
      { body: { case: "subscriberOffer", value: { sdp: "v=0", revision: 1 } } },
    ]));
    const room = await joining;
    await settle();
    assert.deepEqual([...room.members.keys()].sort(), ["alice", "bob", "carol"]);
    // The offer reached the new room, which answered it.
    assert.deepEqual(server.requests("subscriberAnswer").map((frame) => (frame.body.case === "subscriberAnswer" ? frame.body.value.revision : 0)), [1]);

    server.on("changeRole", () => noAnswer);
    const changing = room.changeRole("LiveGuest");
    await settle();
    const change = server.requests("changeRole")[0];
    server.socket.push(batchFrame([
      { requestId: change?.requestId ?? 0, body: { case: "room", value: server.roomState({ case: "number", value: 7 }, { others: [member("bob")] }) } },
      { body: { case: "memberUpdated", value: { roomId, member: member("bob", { controlRole: "LiveGuest" }) } } },
    ]));
    await changing;
    assert.equal(room.members.get("bob")?.controlRole, "LiveGuest");
  });

  it("keeps the member map from IN / OUT / updated pushes and raises them", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.createRoom(7);
    const events: MemberEvent[] = [];
    const updates: MemberUpdated[] = [];
    room.on("memberEvent", (event) => events.push(event));
    room.on("memberUpdated", (event) => updates.push(event));
    const roomId = { id: { case: "number" as const, value: 7 } };
    server.push({ body: { case: "memberEvent", value: { roomId, eventId: 1, members: [member("bob"), member("carol")] } } });
    server.push({ body: { case: "memberEvent", value: { roomId, eventId: 3, members: [member("bob", { hasCameraVideo: true })] } } });
    server.push({ body: { case: "memberEvent", value: { roomId, eventId: 2, members: [member("carol")], outReason: MemberOutReason.Kicked } } });
    server.push({ body: { case: "memberUpdated", value: { roomId, member: member("bob", { controlRole: "LiveGuest", authBits: 0xfen, mutedUntilMs: 1_800_000_000_000n }) } } });
    // Another room's push is not this room's business.
    server.push({ body: { case: "memberEvent", value: { roomId: { id: { case: "number", value: 8 } }, eventId: 1, members: [member("dave")] } } });
    assert.deepEqual(events.map((event) => [event.eventId, event.members.map((m) => m.userId), event.outReason]), [
      [MemberEventId.In, ["bob", "carol"], undefined],
      [MemberEventId.HasCameraVideo, ["bob"], undefined],
      [MemberEventId.Out, ["carol"], MemberOutReason.Kicked],
    ]);
    assert.deepEqual([...room.members.keys()].sort(), ["alice", "bob"]);
    const bob = room.members.get("bob");
    assert.equal(bob?.controlRole, "LiveGuest");
    assert.equal(bob?.authBits, 0xfe);
    assert.equal(bob?.mutedUntil?.getTime(), 1_800_000_000_000);
    assert.equal(bob?.tinyId, 1000n);
    assert.equal(updates.length, 1);
  });

  it("ends on RoomDisbanded (dismissed) and RoomDisconnected (kicked, 10006)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const disconnected: RoomDisconnected[] = [];
    client.on("roomDisconnected", (event) => disconnected.push(event));

    const first = await client.joinRoom(7);
    const firstEnded: RoomEnded[] = [];
    first.on("ended", (event) => firstEnded.push(event));
    server.push({ body: { case: "roomDisbanded", value: { roomId: { id: { case: "number", value: 7 } }, groupId: "7" } } });
    assert.deepEqual(firstEnded, [{ dismissed: true, error: undefined, sessionEnded: false }]);
    assert.equal(client.currentRoom, undefined);

    const second = await client.joinRoom(8);
    const secondEnded: RoomEnded[] = [];
    second.on("ended", (event) => secondEnded.push(event));
    server.push({ body: { case: "roomDisconnected", value: { roomId: { id: { case: "number", value: 8 } }, reason: { module: "AVSDK", code: 10006, message: "AVSDK 10006: removed (spam)" } } } });
    assert.equal(secondEnded.length, 1);
    assert.equal(secondEnded[0]?.dismissed, false);
    assert.ok(secondEnded[0]?.error?.is("AVSDK", 10006));
    assert.deepEqual(disconnected.map((event) => [event.room.id, event.dismissed]), [[7, true], [8, false]]);
    assert.ok((await rejection(second.getMembers())).is("AVSDK", 1201));
  });

  it("quits and switches without raising ended; a switched-from room is closed", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const first = await client.joinRoom(1);
    let ended = 0;
    first.on("ended", () => ended++);
    const second = await client.switchRoom(2);
    assert.equal(first.isEntered, false);
    assert.equal(client.currentRoom, second);
    assert.equal(server.requests("switchRoom").length, 1);
    await second.quit();
    assert.equal(client.currentRoom, undefined);
    assert.equal(ended, 0);
    assert.ok((await rejection(client.switchRoom(3))).is("ILiveSDK", 8003));
  });

  it("changes role and authority one at a time (1001 same, 1002 other)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(1);
    server.on("changeRole", () => noAnswer);
    const changing = room.changeRole("LiveGuest");
    assert.ok((await rejection(room.changeRole("Guest"))).is("AVSDK", 1001));
    assert.ok((await rejection(room.changeAuthority(0x2a))).is("AVSDK", 1002));
    void changing.catch(() => undefined);
    await server.clock.advance(10_000);
    server.on("changeAuthority", () => ({
      case: "room",
      value: server.roomState({ case: "number", value: 1 }, { self: member("alice", { controlRole: "Guest", authBits: 0x2an }) }),
    }));
    await room.changeAuthority(0x2a);
    assert.equal(room.self.authBits, 0x2a);
    assert.ok((await rejection(room.changeRole(""))).is("ILiveSDK", 8021));
  });

  it("sends the live-show requests and raises co-host events from live commands", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    const room = await client.joinRoom(1);
    await room.inviteCoHost("bob", { expireSeconds: 30 });
    await room.cancelCoHostInvite("bob");
    await room.kickMember("bob", "spam");
    await room.muteMember("bob", 1.5);
    await room.rejectCoHostInvite();
    const sent = server.socket.sent.map((frame) => frame.body).filter((body) => body.case !== "login" && body.case !== "joinRoom");
    assert.deepEqual(sent.map((body) => body.case), ["inviteCoHost", "cancelCoHostInvite", "kickMember", "muteMember", "answerCoHostInvite"]);
    assert.equal(sent[0]?.case === "inviteCoHost" ? sent[0].value.expireSeconds : undefined, 30);
    assert.equal(sent[3]?.case === "muteMember" ? sent[3].value.seconds : undefined, 2);

    const invited: CoHostEvent[] = [];
    const answered: CoHostEvent[] = [];
    room.on("coHostInvited", (event) => invited.push(event));
    room.on("coHostAnswered", (event) => answered.push(event));
    const command = (from: string, id: number, messageId: string, serverCommand = true) => ({
      body: {
        case: "message" as const,
        value: {
          messageId,
          sender: from,
          conversation: { target: { case: "userId" as const, value: from } },
          elements: [{ element: { case: "custom" as const, value: { data: new TextEncoder().encode(JSON.stringify({ userAction: id, actionParam: "" })) } } }],
          onlineOnly: true,
          serverCommand,
        },
      },
    });
    // Another client's message shaped like a command (no server mark) raises no co-host event.
    server.push(command("mallory", 0x703, "m0", false));
    server.push(command("mallory", 0x706, "m00", false));
    server.push(command("host", 0x703, "m1"));
    server.push(command("bob", 0x706, "m2"));
    await settle();
    assert.deepEqual(invited, [{ userId: "host", accepted: false }]);
    assert.deepEqual(answered, [{ userId: "bob", accepted: true }]);

    server.on("answerCoHostInvite", () => ({
      case: "room",
      value: server.roomState({ case: "number", value: 1 }, { self: member("alice", { controlRole: "LiveGuest", authBits: 0xfen }) }),
    }));
    await room.acceptCoHostInvite();
    assert.equal(room.self.controlRole, "LiveGuest");
  });
});
