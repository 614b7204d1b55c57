import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { LiveRoomOptions, MemberEventId, type ConnectionStateChanged } from "@openlive/sdk";
import { collect, nextEvent } from "../support/events.js";
import { loggedIn, newClient, realServer, uniqueRoom, uniqueUser, userSig } from "../support/RealServer.js";
import { TcpProxy } from "../support/TcpProxy.js";

describe("reconnect against the real server", () => {
  const proxies: TcpProxy[] = [];
  after(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
  });

  it("a dropped connection resumes the session and keeps the room seat (the others see no OUT)", async () => {
    const server = realServer();
    const proxy = await TcpProxy.start(Number(new URL(server.url).port));
    proxies.push(proxy);
    const host = await loggedIn("web_resume_host");
    const userId = uniqueUser("web_resume_guest");
    const guest = newClient({ serverUrl: `http://127.0.0.1:${proxy.port}` });
    await guest.login(userId, userSig(userId));
    const roomId = uniqueRoom();
    const hostRoom = await host.createRoom(roomId, LiveRoomOptions.host());
    const guestRoom = await guest.joinRoom(roomId);
    const hostSaw = collect(hostRoom, "memberEvent");
    const states: ConnectionStateChanged[] = collect(guest, "connectionStateChanged");

    const back = nextEvent(guest, "connectionStateChanged", (event) => event.state === "connected", 20_000);
    proxy.cut();
    await back;
    assert.deepEqual(states.map((event) => event.state), ["reconnecting", "connected"]);
    assert.ok(states[0]?.error?.is("ILiveSDK", 8012));
    assert.equal(guest.currentRoom, guestRoom);
    assert.ok(guestRoom.isEntered);
    assert.equal(guest.userId, userId);

    // The seat was kept: chat flows both ways on the new connection, and the host never saw the guest leave.
    const toGuest = nextEvent(guestRoom, "message");
    await hostRoom.sendMessage("still there?");
    assert.equal((await toGuest).message.text, "still there?");
    const toHost = nextEvent(hostRoom, "message");
    await guestRoom.sendMessage("yes");
    assert.equal((await toHost).message.text, "yes");
    assert.deepEqual(hostSaw.filter((event) => event.eventId === MemberEventId.Out), []);
  });
});
