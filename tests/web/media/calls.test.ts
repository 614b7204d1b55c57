import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withFailureArtifacts } from "./support/artifacts.js";
import { exitAfterTests } from "./support/exitAfterTests.js";
import type { ChromiumPage } from "./support/MediaBrowser.js";
import { ChromiumSuite } from "./support/chromiumSuite.js";
import type { CallsSeen } from "./support/pageApi.js";
import { describe as show, until } from "./support/poll.js";

// Calls (iLiveSDK's CallSDK) between Chromium pages through the browser SDK and the real server: a one-to-one video
// call with frames decoded both ways, a three-party call, a busy line and an unanswered call, each with the end code
// CallSDK gave it.

exitAfterTests();
const suite = ChromiumSuite.use();
const CallEnd = { SponsorTimeout: 2, Hangup: 4, ResponderLineBusy: 5 } as const;

async function decodes(page: ChromiumPage, from: string, frames = 15): Promise<void> {
  await until(`${from}'s video decoded`, async () => (await page.call("rtcStats")).inboundVideo.find((video) => video.userId === from),
    (video) => video !== undefined && video.framesDecoded >= frames, 30_000);
}

async function ringing(page: ChromiumPage, sponsorId: string): Promise<CallsSeen["incoming"][number]> {
  const seen = await until(`a call from ${sponsorId} ringing`, () => page.call("calls"), (calls) => calls.incoming.some((call) => call.sponsorId === sponsorId), 15_000);
  return seen.incoming.find((call) => call.sponsorId === sponsorId)!;
}

async function endOf(page: ChromiumPage, callId: string): Promise<CallsSeen["ended"][number]> {
  const seen = await until(`call ${callId} ended`, () => page.call("calls"), (calls) => calls.ended.some((ended) => ended.callId === callId), 15_000);
  return seen.ended.find((ended) => ended.callId === callId)!;
}

describe("calls between Chromium pages", { concurrency: false }, () => {
  it("a one-to-one video call: both decode the other's camera, and a hang-up ends it with code 4 for the other", { timeout: 120_000 }, async () => {
    await withFailureArtifacts("calls-one-to-one", { browser: suite.browser }, async () => {
      const alice = await suite.member("alice");
      const bob = await suite.member("bob");
      const callId = await alice.page.call("makeCall", [bob.userId], 2);
      const invitation = await ringing(bob.page, alice.userId);
      assert.equal(invitation.callId, callId);
      assert.equal(invitation.type, 2);

      await bob.page.call("acceptCall", callId);
      await until("alice's call established", () => alice.page.call("calls"), (calls) => calls.current?.established === true, 15_000);
      assert.deepEqual(await alice.page.call("publish", { audio: true, camera: true }), { ok: true });
      assert.deepEqual(await bob.page.call("publish", { audio: true, camera: true }), { ok: true });
      await decodes(alice.page, bob.userId);
      await decodes(bob.page, alice.userId);

      await alice.page.call("hangUp");
      const ended = await endOf(bob.page, callId);
      assert.deepEqual([ended.code, ended.byUserId], [CallEnd.Hangup, alice.userId], show(ended));
      assert.equal((await bob.page.call("calls")).current, null);
    });
  });

  it("a three-party call: each decodes the two others", { timeout: 150_000 }, async () => {
    await withFailureArtifacts("calls-three-party", { browser: suite.browser }, async () => {
      const alice = await suite.member("alice3");
      const bob = await suite.member("bob3");
      const carol = await suite.member("carol3");
      const callId = await alice.page.call("makeCall", [bob.userId, carol.userId], 2);
      assert.equal((await ringing(carol.page, alice.userId)).isGroup, true);
      await bob.page.call("acceptCall", (await ringing(bob.page, alice.userId)).callId);
      await carol.page.call("acceptCall", callId);
      for (const party of [alice, bob, carol]) {
        assert.deepEqual(await party.page.call("publish", { audio: true, camera: true }), { ok: true });
      }

      for (const party of [alice, bob, carol]) {
        for (const other of [alice, bob, carol].filter((p) => p !== party)) {
          await decodes(party.page, other.userId, 10);
        }
      }

      await carol.page.call("hangUp");
      await bob.page.call("hangUp");
      const ended = await endOf(alice.page, callId);
      assert.deepEqual([ended.code, ended.byUserId], [CallEnd.Hangup, bob.userId], show(ended));
    });
  });

  it("a busy line ends the call with code 5, and an unanswered call with code 2 on both sides", { timeout: 90_000 }, async () => {
    await withFailureArtifacts("calls-busy-timeout", { browser: suite.browser }, async () => {
      const alice = await suite.member("aliceb");
      const bob = await suite.member("bobb");
      const dave = await suite.member("daveb");
      const first = await alice.page.call("makeCall", [bob.userId], 1);
      await bob.page.call("acceptCall", (await ringing(bob.page, alice.userId)).callId);

      const busy = await dave.page.call("makeCall", [bob.userId], 1);
      const busyEnd = await endOf(dave.page, busy);
      assert.deepEqual([busyEnd.code, busyEnd.byUserId], [CallEnd.ResponderLineBusy, bob.userId], show(busyEnd));

      await alice.page.call("hangUp");
      await endOf(bob.page, first);
      const unanswered = await dave.page.call("makeCall", [bob.userId], 1, 2);
      await ringing(bob.page, dave.userId);
      assert.equal((await endOf(dave.page, unanswered)).code, CallEnd.SponsorTimeout);
      assert.equal((await endOf(bob.page, unanswered)).code, CallEnd.SponsorTimeout);
    });
  });
});
