import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallEndCode, CallMemberState, CallType, type CallEnded, type IncomingCall } from "../../../../web/sdk/src/calls/callTypes.js";
import { settle } from "../support/FakeClock.js";
import { rejection } from "../support/rejection.js";
import { noAnswer, ScriptedServer } from "../support/ScriptedServer.js";

// Calls in the browser SDK against a scripted server: the requests it sends, the call and room it adopts, and the
// pushes and session ends that end calls and invitations.

function callAnswer(server: ScriptedServer, callId: bigint, sponsor: string, others: string[]) {
  return {
    case: "call" as const,
    value: {
      callId,
      callType: CallType.Video,
      sponsorUserId: sponsor,
      members: [{ userId: sponsor, state: CallMemberState.InCall }, ...others.map((userId) => ({ userId, state: CallMemberState.Ringing }))],
      room: server.roomState({ case: "text", value: `call-${callId}` }),
    },
  };
}

describe("calls", () => {
  it("makeCall sends the invitees and options, adopts the call's room, and an ended push ends both once", async () => {
    const server = new ScriptedServer();
    server.on("makeCall", () => callAnswer(server, 77n, "alice", ["bob"]));
    const client = await server.loggedIn("alice");
    const ends: CallEnded[] = [];
    client.on("callEnded", (ended) => ends.push(ended));

    const call = await client.makeCall("bob", { type: CallType.Audio, tips: "hi", customData: new Uint8Array([1, 2]), ringTimeoutSeconds: 5 });
    const [make] = server.requests("makeCall");
    assert.equal(make?.body.case, "makeCall");
    if (make?.body.case === "makeCall") {
      assert.deepEqual([...make.body.value.inviteeUserIds], ["bob"]);
      assert.deepEqual([make.body.value.callType, make.body.value.tips, make.body.value.timeoutSeconds, make.body.value.group], [CallType.Audio, "hi", 5, false]);
      assert.deepEqual([...make.body.value.customData], [1, 2]);
    }

    assert.equal(call.callId, 77n);
    assert.equal(client.currentCall, call);
    assert.equal(client.currentRoom, call.room);
    assert.equal(call.isEstablished, false);

    const established: unknown[] = [];
    call.on("established", (e) => established.push(e));
    server.push({ body: { case: "callEvent", value: { callId: 77n, event: { case: "established", value: { callId: 77n, members: [
      { userId: "alice", state: CallMemberState.InCall }, { userId: "bob", state: CallMemberState.InCall }] } } } } });
    await settle();
    assert.equal(established.length, 1);
    assert.equal(call.isEstablished, true);

    server.push({ body: { case: "callEvent", value: { callId: 77n, event: { case: "ended", value: { code: CallEndCode.Hangup, info: "bob hung up", byUserId: "bob" } } } } });
    server.push({ body: { case: "callEvent", value: { callId: 77n, event: { case: "ended", value: { code: CallEndCode.Hangup, info: "again", byUserId: "bob" } } } } });
    await settle();
    assert.deepEqual(ends.map((e) => [e.callId, e.code, e.byUserId]), [[77n, CallEndCode.Hangup, "bob"]]);
    assert.equal(call.endReason?.code, CallEndCode.Hangup);
    assert.equal(client.currentCall, undefined);
    assert.equal(client.currentRoom, undefined);
  });

  it("lists the calls ringing at login, ends a ringing one on its push, and ends the rest with 102 when the app logs out", async () => {
    const server = new ScriptedServer();
    const ringing = (callId: bigint) => ({ callId, callType: CallType.Video, sponsorUserId: "carol", inviterUserId: "carol", tips: "", ringUntilMs: 1_900_000_000_000n });
    server.loginResult = { ...server.loginResult, ringingCalls: [ringing(5n), ringing(6n)] };
    const client = server.client();
    const incoming: IncomingCall[] = [];
    const ends: CallEnded[] = [];
    client.on("incomingCall", (e) => incoming.push(e));
    client.on("callEnded", (e) => ends.push(e));
    await client.login("bob", "sig");
    await settle();
    assert.deepEqual(incoming.map((e) => e.invitation.callId), [5n, 6n]);
    assert.deepEqual(client.ringingCalls.map((c) => c.callId), [5n, 6n]);

    server.push({ body: { case: "callEvent", value: { callId: 5n, event: { case: "ended", value: { code: CallEndCode.SponsorCancel, info: "cancelled", byUserId: "carol" } } } } });
    await settle();
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[5n, CallEndCode.SponsorCancel]]);

    await client.logout();
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[5n, CallEndCode.SponsorCancel], [6n, CallEndCode.LocalCancel]]);
    assert.deepEqual(client.ringingCalls, []);
  });

  it("ends an invitation whose accept or refuse the server answers 1802/1803 with 100, once, and rethrows", async () => {
    const server = new ScriptedServer();
    const ringing = (callId: bigint) => ({ callId, callType: CallType.Video, sponsorUserId: "carol", inviterUserId: "carol", tips: "", ringUntilMs: 1_900_000_000_000n });
    server.loginResult = { ...server.loginResult, ringingCalls: [ringing(8n), ringing(9n)] };
    server.on("acceptCall", () => ({ error: { module: "AVSDK", code: 1802, message: "AVSDK 1802 AV_ERR_ACCEPT_FAILED: no invitation" } }));
    server.on("refuseCall", () => ({ error: { module: "AVSDK", code: 1803, message: "AVSDK 1803 AV_ERR_REFUSE_FAILED: no invitation" } }));
    const client = server.client();
    const ends: CallEnded[] = [];
    client.on("callEnded", (e) => ends.push(e));
    await client.login("bob", "sig");
    await settle();

    assert.deepEqual([(await rejection(client.acceptCall(8n))).code, (await rejection(client.refuseCall(9n))).code], [1802, 1803]);
    assert.deepEqual([(await rejection(client.acceptCall(8n))).code], [1802]); // not ringing any more: no second end
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[8n, CallEndCode.NotExist], [9n, CallEndCode.NotExist]]);
    assert.deepEqual(client.ringingCalls, []);
  });

  it("after a resume, ends with 100 an invitation the server no longer lists (it ended while the connection was down), once, and rings a new one", async () => {
    const server = new ScriptedServer();
    const ringing = (callId: bigint) => ({ callId, callType: CallType.Video, sponsorUserId: "carol", inviterUserId: "carol", tips: "", ringUntilMs: 1_900_000_000_000n });
    server.loginResult = { ...server.loginResult, ringingCalls: [ringing(11n), ringing(12n)] };
    const client = server.client();
    const incoming: IncomingCall[] = [];
    const ends: CallEnded[] = [];
    client.on("incomingCall", (e) => incoming.push(e));
    client.on("callEnded", (e) => ends.push(e));
    await client.login("bob", "sig");
    await settle();

    // 11 was cancelled while bob was away: the resumed login lists 12 and a new 13 only.
    server.on("login", () => ({ case: "login", value: { ...server.loginResult, resumed: true, ringingCalls: [ringing(12n), ringing(13n)] } }));
    server.socket.drop();
    await settle();

    assert.equal(client.state, "connected");
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[11n, CallEndCode.NotExist]]);
    assert.deepEqual(incoming.map((e) => e.invitation.callId), [11n, 12n, 13n]);
    assert.deepEqual(client.ringingCalls.map((c) => c.callId), [12n, 13n]);
  });

  it("ends an invitation whose accept gets no answer with 101 (the call could not be set up), and rejects with 1005", async () => {
    const server = new ScriptedServer();
    server.loginResult = { ...server.loginResult, ringingCalls: [{ callId: 12n, callType: CallType.Video, sponsorUserId: "carol", inviterUserId: "carol", tips: "", ringUntilMs: 1_900_000_000_000n }] };
    server.on("acceptCall", () => noAnswer);
    const client = server.client({ requestTimeoutMs: 1000 });
    const ends: CallEnded[] = [];
    client.on("callEnded", (e) => ends.push(e));
    await client.login("bob", "sig");
    await settle();

    const accepting = rejection(client.acceptCall(12n));
    await server.clock.advance(1000);

    assert.deepEqual([(await accepting).module, (await accepting).code], ["AVSDK", 1005]);
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[12n, CallEndCode.Failed]]);
    assert.deepEqual(client.ringingCalls, []);
  });

  it("logs in with the device class it was given, and ends an invitation answered on another device with 7", async () => {
    const server = new ScriptedServer();
    const client = server.client({ device: "web" });
    const ends: CallEnded[] = [];
    client.on("callEnded", (e) => ends.push(e));
    await client.login("bob", "sig");
    const [login] = server.requests("login");
    assert.equal(login?.body.case === "login" ? login.body.value.device : undefined, "web");

    server.push({ body: { case: "callEvent", value: { callId: 4n, event: { case: "incoming", value: { callId: 4n, callType: CallType.Audio, sponsorUserId: "carol", inviterUserId: "carol", tips: "", ringUntilMs: 1_900_000_000_000n } } } } });
    server.push({ body: { case: "callEvent", value: { callId: 4n, event: { case: "ended", value: { code: CallEndCode.AnsweredElsewhere, info: "answered on another device", byUserId: "" } } } } });
    await settle();
    assert.deepEqual(ends.map((e) => [e.callId, e.code]), [[4n, CallEndCode.AnsweredElsewhere]]);
    assert.deepEqual(client.ringingCalls, []);
  });

  it("refuses bad arguments with 8021 before sending anything", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice");
    for (const attempt of [() => client.makeGroupCall([]), () => client.makeCall(""), () => client.makeCall("bob", { ringTimeoutSeconds: 0 }), () => client.makeCall("bob", { type: 9 as CallType })]) {
      const error = await rejection(Promise.resolve().then(attempt));
      assert.deepEqual([error.module, error.code], ["ILiveSDK", 8021]);
    }

    assert.equal(server.requests("makeCall").length, 0);
  });
});
