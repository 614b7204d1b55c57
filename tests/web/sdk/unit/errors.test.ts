import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { AVErrorCode, errorCatalog, ILiveErrorCode } from "../../../../web/sdk/src/gen/errors.js";
import { LiveError } from "../../../../web/sdk/src/errors/LiveError.js";

describe("error catalog (generated from `openlive errors --json`)", () => {
  it("has iLiveSDK's and AVSDK's tables with names and both languages", () => {
    assert.ok(errorCatalog.length >= 50);
    const kickOut = errorCatalog.find((entry) => entry.module === "ILiveSDK" && entry.code === 8050);
    assert.deepEqual(kickOut?.name, "ERR_KICK_OUT");
    assert.ok(kickOut.en.length > 0 && kickOut.zh.length > 0 && kickOut.en !== kickOut.zh);
    assert.ok(errorCatalog.some((entry) => entry.module === "AVSDK" && entry.code === 1005 && entry.name === "AV_ERR_TIMEOUT"));
  });

  it("names codes as the .NET SDK does", () => {
    assert.equal(ILiveErrorCode.KickOut, 8050);
    assert.equal(ILiveErrorCode.Expire, 8051);
    assert.equal(ILiveErrorCode.NetUndefine, 8012);
    assert.equal(AVErrorCode.Timeout, 1005);
    assert.equal(AVErrorCode.ServerRoomNotExist, 10009);
  });
});

describe("LiveError", () => {
  afterEach(() => {
    LiveError.language = "en";
  });

  it("carries module, code, the constant as name, the table text as message, and the detail", () => {
    const error = LiveError.iLive(ILiveErrorCode.KickOut, "another login");
    assert.ok(error instanceof Error);
    assert.equal(error.module, "ILiveSDK");
    assert.equal(error.code, 8050);
    assert.equal(error.name, "ERR_KICK_OUT");
    assert.equal(error.message, errorCatalog.find((entry) => entry.code === 8050)?.en);
    assert.equal(error.detail, "another login");
    assert.equal(error.toString(), `ILiveSDK 8050 ERR_KICK_OUT: ${error.message} (another login)`);
    assert.ok(error.is("ILiveSDK", 8050));
    assert.ok(!error.is("AVSDK", 8050));
  });

  it("speaks Chinese when asked, and gives either text on demand", () => {
    LiveError.language = "zh";
    const error = LiveError.av(AVErrorCode.Timeout);
    const entry = errorCatalog.find((candidate) => candidate.module === "AVSDK" && candidate.code === 1005);
    assert.equal(error.message, entry?.zh);
    assert.equal(error.text("en"), entry?.en);
  });

  it("reads server errors: the catalog's text as the message, the server's own words (Error.detail) as the detail", () => {
    const error = LiveError.fromWire({ module: "AVSDK", code: 10009, message: "AVSDK 10009 AV_ERR_SERVER_ROOM_NOT_EXIST: Room does not exist (room 7)", detail: "room 7" });
    assert.equal(error.module, "AVSDK");
    assert.equal(error.code, 10009);
    assert.equal(error.name, "AV_ERR_SERVER_ROOM_NOT_EXIST");
    assert.equal(error.message, error.text());
    assert.equal(error.detail, "room 7");
    assert.equal(String(error), "AVSDK 10009 AV_ERR_SERVER_ROOM_NOT_EXIST: Room does not exist (room 7)");
    assert.equal(LiveError.fromWire({ module: "AVSDK", code: 10009, message: "AVSDK 10009 AV_ERR_SERVER_ROOM_NOT_EXIST: Room does not exist", detail: "" }).detail, undefined);
  });

  it("keeps the server's text for codes outside the tables (TLSSDK, IMSDK)", () => {
    const error = LiveError.fromWire({ module: "TLSSDK", code: 8, message: "TLSSDK 8: userSig signature mismatch (user alice)" });
    assert.equal(error.module, "TLSSDK");
    assert.equal(error.code, 8);
    assert.equal(error.name, "LiveError");
    assert.equal(error.message, "userSig signature mismatch (user alice)");
  });

  it("turns an unknown module into 8052", () => {
    const error = LiveError.fromWire({ module: "XSDK", code: 1, message: "?" });
    assert.ok(error.is("ILiveSDK", ILiveErrorCode.ParseFail));
    assert.match(error.detail ?? "", /XSDK/);
  });
});
