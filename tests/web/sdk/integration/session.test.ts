import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { errorCatalog, LiveError, type ConnectionState, type ForceOffline } from "@openlive/sdk";
import { collect, nextEvent } from "../support/events.js";
import { rejection } from "../support/sdkRejection.js";
import { loggedIn, newClient, realServer, uniqueUser, userSig } from "../support/RealServer.js";

function catalogText(module: string, code: number, language: "en" | "zh"): string | undefined {
  return errorCatalog.find((entry) => entry.module === module && entry.code === code)?.[language];
}

describe("session against the real server", () => {
  afterEach(() => {
    LiveError.language = "en";
  });

  it("logs in and out: tinyId, expiry, state, user resolution", async () => {
    const userId = uniqueUser("web_login");
    const client = newClient();
    const states = collect(client, "connectionStateChanged");
    await client.login(userId, userSig(userId));
    assert.equal(client.state, "connected");
    assert.ok(client.tinyId > 0n);
    assert.ok((client.sigExpiresAt?.getTime() ?? 0) > Date.now() + 80_000_000);
    assert.equal(await client.getTinyId(userId), client.tinyId);
    assert.equal(await client.getUserId(client.tinyId), userId);
    await client.logout();
    assert.deepEqual(states.map((event) => event.state), ["connecting", "connected", "disconnected"] satisfies ConnectionState[]);
    assert.ok((await rejection(client.getTinyId(userId))).is("ILiveSDK", 8009));
  });

  it("reports a second login of the same user as forceOffline 8050 with the catalog's name and text", async () => {
    const userId = uniqueUser("web_kick");
    const first = await loggedIn(userId, { exactId: true });
    const kicked = nextEvent(first, "forceOffline");
    const second = await loggedIn(userId, { exactId: true });
    const { reason }: ForceOffline = await kicked;
    assert.equal(reason.module, "ILiveSDK");
    assert.equal(reason.code, 8050);
    assert.equal(reason.name, "ERR_KICK_OUT");
    assert.equal(reason.message, catalogText("ILiveSDK", 8050, "en"));
    assert.ok((reason.detail ?? "").length > 0, "the server's own text is kept as the detail");
    assert.equal(first.state, "disconnected");
    assert.equal(second.state, "connected");
    assert.ok((await rejection(first.getTinyId(userId))).is("ILiveSDK", 8009));
  });

  it("refuses an expired userSig with 8051, in the language asked for", async () => {
    LiveError.language = "zh";
    const userId = uniqueUser("web_late");
    const client = newClient();
    const error = await rejection(client.login(userId, userSig(userId, { issuedSecondsAgo: 600, expireSeconds: 60 })));
    assert.equal(error.module, "ILiveSDK");
    assert.equal(error.code, 8051);
    assert.equal(error.name, "ERR_EXPIRE");
    assert.equal(error.message, catalogText("ILiveSDK", 8051, "zh"));
    assert.equal(error.text("en"), catalogText("ILiveSDK", 8051, "en"));
    assert.equal(client.state, "disconnected");
  });

  it("refuses a userSig signed with another key with a TLSSDK error", async () => {
    const userId = uniqueUser("web_mallory");
    const client = newClient();
    const error = await rejection(client.login(userId, userSig(userId, { key: "0".repeat(64) })));
    assert.equal(error.module, "TLSSDK");
    assert.equal(error.code, 8);
    assert.ok(error.message.length > 0);
  });

  it("refuses an app the server does not know with 8022", async () => {
    const userId = uniqueUser("web_app");
    const server = realServer();
    const client = newClient({ sdkAppId: server.sdkAppId + 1 });
    const error = await rejection(client.login(userId, userSig(userId, { appId: server.sdkAppId + 1 })));
    assert.ok(error.is("ILiveSDK", 8022));
    assert.equal(error.name, "ERR_NOT_FOUND");
  });

  it("fails to connect to a closed port with 8012", async () => {
    const client = newClient({ serverUrl: "http://127.0.0.1:9", connectTimeoutMs: 3000 });
    const error = await rejection(client.login("nobody", "sig"));
    assert.ok(error.is("ILiveSDK", 8012));
    assert.equal(client.state, "disconnected");
  });
});
