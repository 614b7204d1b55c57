import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LiveClient } from "../../../../web/sdk/src/client/LiveClient.js";
import { settle } from "../support/FakeClock.js";
import { FakeWebSocket } from "../support/FakeWebSocket.js";
import { rejection } from "../support/rejection.js";
import { ScriptedServer } from "../support/ScriptedServer.js";

const WebSocket = FakeWebSocket as unknown as ConstructorParameters<typeof LiveClient>[0]["WebSocket"];

describe("LiveClient fallback server URLs", () => {
  it("refuses a fallback URL that is not an absolute http(s) or ws(s) URL with 8021", async () => {
    for (const fallbackServerUrls of [["openlive-b.test"], ["http://openlive-b.test", ""], "http://openlive-b.test" as unknown as string[]]) {
      const error = await rejection(() => new LiveClient({ serverUrl: "http://openlive-a.test", sdkAppId: 1, WebSocket, fallbackServerUrls }));
      assert.ok(error.is("ILiveSDK", 8021), `${JSON.stringify(fallbackServerUrls)}: ${error.message}`);
    }
  });

  it("logs in to serverUrl, then reconnects to the next URL at each attempt, round robin", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { fallbackServerUrls: ["http://openlive-b.test:7880", "ws://openlive-c.test:7880"] });
    server.sockets.onSocket = (socket) => socket.refuse();
    server.socket.drop();
    for (let i = 0; i < 40 && server.sockets.sockets.length < 6; i++) {
      await server.clock.advance(500);
    }

    assert.equal(client.state, "reconnecting");
    assert.deepEqual(server.sockets.sockets.slice(0, 6).map((socket) => new URL(socket.url).host), [
      "openlive.test:7880", // the login
      "openlive-b.test:7880",
      "openlive-c.test:7880",
      "openlive.test:7880",
      "openlive-b.test:7880",
      "openlive-c.test:7880",
    ]);
  });

  it("reconnects to serverUrl every time without fallbacks", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn();
    server.sockets.onSocket = (socket) => socket.refuse();
    server.socket.drop();
    for (let i = 0; i < 40 && server.sockets.sockets.length < 4; i++) {
      await server.clock.advance(500);
    }

    assert.equal(client.state, "reconnecting");
    assert.deepEqual(new Set(server.sockets.sockets.map((socket) => new URL(socket.url).host)), new Set(["openlive.test:7880"]));
  });

  it("names the room it is in in the resuming login (and none in the first login or outside a room)", async () => {
    const server = new ScriptedServer();
    const client = await server.loggedIn("alice", { fallbackServerUrls: ["http://openlive-b.test:7880"] });
    await client.joinRoom("show-1");
    server.socket.drop();
    await settle();
    assert.equal(client.state, "connected");
    const logins = server.requests("login").map((frame) => (frame.body.case === "login" ? frame.body.value : assert.fail()));
    assert.equal(logins.length, 2);
    assert.equal(logins[0]?.resumeRoom, undefined);
    assert.equal(logins[1]?.resumeToken, "resume-1");
    assert.deepEqual(logins[1]?.resumeRoom?.id, { case: "text", value: "show-1" });
    assert.equal(new URL(server.socket.url).host, "openlive-b.test:7880");
  });

  it("sends no resumeRoom when it was in no room", async () => {
    const server = new ScriptedServer();
    await server.loggedIn();
    server.socket.drop();
    await settle();
    const logins = server.requests("login").map((frame) => (frame.body.case === "login" ? frame.body.value : assert.fail()));
    assert.equal(logins.length, 2);
    assert.equal(logins[1]?.resumeRoom, undefined);
  });
});
