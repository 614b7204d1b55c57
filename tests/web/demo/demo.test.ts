import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitAfterTests } from "../media/support/exitAfterTests.js";
import { describe as show, until } from "../media/support/poll.js";
import type { DemoTab } from "./support/DemoBrowser.js";
import { DemoSuite } from "./support/demoSuite.js";
import { chatLines, goLive, joinById, likes, sendChat, signIn, status, video, waitForAudio, waitForChat, waitForVideo } from "./support/demoActions.js";

// The demo app as people use it: the server started as ./run.sh starts it, the demo opened at the URL its banner
// prints, a host window and two audience windows in headless Chromium with fake cameras and microphones. The tests
// run in order as one show: go live, watch, chat, like, co-host, a second login, the end.

exitAfterTests();
const suite = DemoSuite.use();
const run = Date.now().toString(36).slice(-5);
const hostId = `host_${run}`;
const fanA = `fan_a_${run}`;
const fanB = `fan_b_${run}`;
let roomId = "";
let host: DemoTab;
let audience1: DemoTab;
let audience2: DemoTab;

const ready = () => suite.ready();
const step = (label: string, body: () => Promise<void>) => suite.step(label, body);

describe("the demo app", { concurrency: false }, () => {
  it("the banner's Demo URL serves the demo; the host goes live and an audience window plays its video and audio", { timeout: 90_000 }, async () => {
    await step("demo-go-live", async () => {
      const { server, browser } = ready();
      assert.match(server.demoUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      host = await browser.open("host", server.demoUrl);
      await signIn(host, hostId);
      roomId = await goLive(host, "Demo test show");
      assert.match(roomId, /^\d+$/);
      await until("the host's status pill saying live", () => status(host), (state) => state === "live", 10_000);

      audience1 = await browser.open("audience1", server.demoUrl);
      await signIn(audience1, fanA);
      await joinById(audience1, roomId);
      const playing = await waitForVideo(audience1, hostId);
      assert.ok(playing.videoWidth > 0 && playing.videoHeight > 0, show(playing));
      // The host captures 1280x720 (its role's size) and publishes simulcast: the audience gets the top layer.
      await until("audience1 playing the host at 1280x720", () => video(audience1, hostId), (state) => state?.videoWidth === 1280 && state.videoHeight === 720, 15_000)
        .catch(async (error: unknown) => {
          throw new Error(`${error instanceof Error ? error.message : String(error)}; the server's view of the room's media: ${await server.roomMedia(roomId).catch(String)}`);
        });
      await waitForAudio(audience1, hostId);
      assert.equal(await audience1.page.getByTestId("room-title").textContent(), "Demo test show");
    });
  });

  it("chat goes both ways, and a late joiner sees the history and plays the host too", { timeout: 90_000 }, async () => {
    await step("demo-chat", async () => {
      const { server, browser } = ready();
      await sendChat(host, "Welcome everyone!");
      await waitForChat(audience1, `${hostId}: Welcome everyone!`);
      await sendChat(audience1, "Hi from the audience");
      await waitForChat(host, `${fanA}: Hi from the audience`);

      audience2 = await browser.open("audience2", server.demoUrl);
      await signIn(audience2, fanB);

      // A room that does not exist, tried twice: one toast with the code, not two.
      const missing = audience2.page.locator(".toast.error[data-code='10009']");
      for (let attempt = 0; attempt < 2; attempt++) {
        await audience2.page.getByTestId("join-room-id").fill("987654321");
        await audience2.page.getByTestId("join").click();
        await missing.first().waitFor({ timeout: 10_000 });
        await until("the join button usable again", () => audience2.page.getByTestId("join").isEnabled(), (enabled) => enabled, 10_000);
      }
      assert.equal(await missing.count(), 1);

      await joinById(audience2, roomId);
      const history = await until("audience2's chat showing the history", () => chatLines(audience2),
        (lines) => lines.includes(`${hostId}: Welcome everyone!`) && lines.includes(`${fanA}: Hi from the audience`), 10_000);
      assert.ok(history.indexOf(`${hostId}: Welcome everyone!`) < history.indexOf(`${fanA}: Hi from the audience`), show(history));
      // "— earlier messages —" heads the history: above it, not below.
      const chat = await audience2.page.locator("[data-testid=chat-list] > li").evaluateAll((items) => items.map((item) => item.classList.contains("history-mark") ? "mark" : (item as HTMLElement).classList.contains("history") ? "history" : "other"));
      assert.equal(chat[0], "mark", show(chat));
      assert.ok(chat.lastIndexOf("history") > 0, show(chat));
      await waitForVideo(audience2, hostId);
      await waitForAudio(audience2, hostId);
      await sendChat(audience2, "Late but here");
      await waitForChat(host, `${fanB}: Late but here`);
      await waitForChat(audience1, `${fanB}: Late but here`);
    });
  });

  it("likes (kept by the server) reach everyone: every window shows the same count", { timeout: 30_000 }, async () => {
    await step("demo-likes", async () => {
      const before = await Promise.all([host, audience1, audience2].map(likes));
      assert.deepEqual(before, [before[0], before[0], before[0]]); // one count, the server's
      for (let i = 0; i < 3; i++) {
        await audience2.page.getByTestId("like").click();
      }

      await host.page.getByTestId("like").click();
      for (const tab of [host, audience1, audience2]) {
        await until(`${tab.name}: 4 more likes`, () => likes(tab), (count) => count === (before[0] ?? 0) + 4, 10_000);
      }
    });
  });

  it("the host invites audience 1 to co-host; it accepts and its camera plays for the host and audience 2", { timeout: 90_000 }, async () => {
    await step("demo-co-host", async () => {
      await host.page.getByTestId("tab-members").click();
      await host.page.locator(`[data-testid=member][data-user="${fanA}"] [data-testid=invite]`).click();
      const dialog = audience1.page.getByTestId("invite-dialog");
      await dialog.waitFor({ timeout: 10_000 });
      assert.match(await dialog.textContent() ?? "", new RegExp(`${hostId} invites you to co-host`));
      await audience1.page.getByTestId("accept-invite").click();

      await until("audience1's role", () => audience1.page.locator("[data-screen=room]").getAttribute("data-role"), (role) => role === "co-host", 10_000);
      await audience1.page.locator(`[data-testid=tile][data-user="${fanA}"] video[data-testid=local-video]`).waitFor({ timeout: 15_000 });
      await waitForVideo(audience2, fanA);
      await waitForVideo(host, fanA);
      await waitForAudio(host, fanA);
      await until("audience2 showing audience1 as co-host", () => audience2.page.locator(`[data-testid=tile][data-user="${fanA}"]`).getAttribute("data-role"),
        (role) => role === "co-host", 10_000);
    });
  });

  it("the Stats toggle shows each video's kbit/s, fps, resolution, loss and RTT on its tile, and hides them again", { timeout: 60_000 }, async () => {
    await step("demo-quality", async () => {
      const overlay = (tab: DemoTab, user: string) => tab.page.locator(`[data-testid=tile][data-user="${user}"] [data-testid=quality-overlay]`);
      const text = async (tab: DemoTab, user: string) => (await overlay(tab, user).count()) === 0 ? "" : await overlay(tab, user).textContent() ?? "";
      // "640×360 · 30 fps · 812 kbit/s · loss 0.0 %" and, where measured, " · RTT 12 ms".
      const figures = /^\d+×\d+ · [1-9]\d* fps · [1-9]\d* kbit\/s · loss \d+\.\d %( · RTT \d+ ms)?$/;
      await audience2.page.getByTestId("toggle-quality").click();
      assert.equal(await audience2.page.getByTestId("toggle-quality").getAttribute("aria-pressed"), "true");
      await until("audience2's overlays on the host's and the co-host's tiles", async () => [await text(audience2, hostId), await text(audience2, fanA)],
        (texts) => texts.every((line) => figures.test(line)), 20_000);

      await host.page.getByTestId("toggle-quality").click();
      await until("the host's overlay on its own tile, with the round trip its sent video measured", () => text(host, hostId),
        (line) => figures.test(line) && / · RTT \d+ ms$/.test(line), 20_000);

      await audience2.page.getByTestId("toggle-quality").click();
      assert.equal(await audience2.page.locator("[data-testid=quality-overlay]").count(), 0);
      await host.page.getByTestId("toggle-quality").click();
    });
  });

  it("the admin page (its URL from the banner, key in the fragment) shows the show's members with their bitrates", { timeout: 30_000 }, async () => {
    await step("demo-admin", async () => {
      const { server, browser } = ready();
      assert.match(server.adminUrl, /\/admin\.html#key=[0-9a-f]{64}$/);
      const admin = await browser.open("admin", server.adminUrl);
      const card = admin.page.locator(`.room-card[data-room="${roomId}"]`);
      await card.waitFor({ timeout: 10_000 });
      assert.equal(new URL(admin.page.url()).hash, "", "the key leaves the address bar");
      assert.equal(await card.getByTestId("room-card-title").textContent(), "Demo test show", "the show's title, not only its room id");
      const sending = (user: string) => card.locator(`tr[data-user="${user}"] [data-testid=send-kbps]`).textContent();
      await until("the host and the co-host sending in the admin page", async () => [await sending(hostId), await sending(fanA)],
        (texts) => texts.every((text) => /^[1-9][\d.]* (kbit|Mbit)\/s$/.test(text ?? "")), 15_000);
      assert.match(await card.locator(`tr[data-user="${fanB}"] [data-testid=receive-kbps]`).textContent() ?? "", /^[1-9]/);
      // Loss up / down and the round trip, from the SFU's receiver reports (the page refreshes every 3 s).
      const cell = (user: string, id: string) => card.locator(`tr[data-user="${user}"] [data-testid=${id}]`).textContent();
      await until("audience 2's loss and round trip in the admin page", async () => [await cell(fanB, "loss"), await cell(fanB, "rtt")],
        ([loss, rtt]) => /^\d+\.\d % \/ \d+\.\d %$/.test(loss ?? "") && /^\d+ ms$/.test(rtt ?? ""), 15_000);
      // The host's camera as the server receives it: its size (from VP8 keyframes) and frame rate.
      await until("the host's camera size and frame rate in the admin page", () => cell(hostId, "tracks"),
        (tracks) => /camera VP8 .* \d+×\d+ [1-9]\d* fps/i.test(tracks ?? ""), 15_000);
      await admin.page.close();
    });
  });

  it("the host records and goes live on HLS; the watch link plays in a plain page; the recording appears in the admin page and plays through its link", { timeout: 120_000 }, async () => {
    await step("demo-egress", async () => {
      const { server, browser } = ready();
      await host.page.getByTestId("record").click();
      await until("the Record button pressed", () => host.page.getByTestId("record").getAttribute("aria-pressed"), (pressed) => pressed === "true", 15_000);
      await host.page.getByTestId("hls").click();
      const link = host.page.getByTestId("hls-link");
      await link.waitFor({ state: "visible", timeout: 15_000 });
      const href = await link.getAttribute("href") ?? "";
      assert.match(href, /\/watch\.html#hls=%2Flive%2F1400000000%2F/);

      // The mass audience: the watch link in a plain page (no sign-in), playing through hls.js. The page waits for the
      // playlist itself (404 until ffmpeg's first segment); the test waits first so that the page's console stays clean.
      const playlist = new URL(decodeURIComponent(new URL(href).hash.replace(/^#hls=/, "")), server.demoUrl);
      await until("the HLS playlist served", () => fetch(playlist).then((response) => response.status), (status) => status === 200, 60_000);
      const watcher = await browser.open("watcher", href);
      const playing = () => watcher.page.evaluate(() => {
        const video = document.getElementById("player") as HTMLVideoElement;
        return { width: video.videoWidth, time: video.currentTime, status: document.getElementById("status")?.textContent ?? "" };
      });
      const first = await until("the watch page playing", playing, (state) => state.width > 0 && state.time > 0, 60_000);
      await until("the watch page advancing", playing, (state) => state.time >= first.time + 2, 30_000);
      await watcher.page.close();

      await host.page.getByTestId("record").click();
      await until("the Record button released", () => host.page.getByTestId("record").getAttribute("aria-pressed"), (pressed) => pressed === "false", 15_000);
      await host.page.getByTestId("hls").click();
      await link.waitFor({ state: "hidden", timeout: 15_000 });

      // The recording in the admin page: listed as ended, and it plays in the page through its signed link.
      const admin = await browser.open("admin-recordings", server.adminUrl);
      const row = admin.page.locator(`.recordings tr[data-file*="/${roomId}/${hostId}/"]`);
      await row.waitFor({ timeout: 20_000 });
      await until("the recording listed as ended", () => row.getByTestId("recording-state").textContent(), (state) => state === "ended", 20_000);
      await row.getByTestId("play-recording").click();
      const recorded = admin.page.getByTestId("recording-video");
      await recorded.waitFor({ timeout: 10_000 });
      await until("the recording playing in the admin page", () => recorded.evaluate((video: HTMLVideoElement) => ({ width: video.videoWidth, time: video.currentTime })),
        (state) => state.width > 0 && state.time > 0, 20_000);
      await admin.page.close();
    });
  });

  it("a second window signing in as audience 2 signs the first out with ILiveSDK 8050", { timeout: 60_000 }, async () => {
    await step("demo-kick-out", async () => {
      const { server, browser } = ready();
      const second = await browser.openBeside(audience2, "audience2-second", server.demoUrl);
      await signIn(second, fanB);
      const kicked = audience2.page.getByTestId("kicked");
      await kicked.waitFor({ timeout: 15_000 });
      assert.equal(await audience2.page.getByTestId("kicked-code").textContent(), "ILiveSDK 8050 ERR_KICK_OUT");
      assert.equal(await audience2.page.getByTestId("kicked-text").textContent(), "Kicked offline");
      // The new window carries on as audience 2: back into the show.
      await joinById(second, roomId);
      await waitForVideo(second, hostId);
      audience2 = second;
    });
  });

  it("the host ends the live: the audience sees the ended state", { timeout: 60_000 }, async () => {
    await step("demo-end", async () => {
      await host.page.getByTestId("end-live").click();
      await host.page.getByTestId("confirm-end").click();
      await host.page.getByTestId("ended").waitFor({ timeout: 15_000 });
      assert.equal(await host.page.getByTestId("ended-title").textContent(), "You ended the live");
      for (const tab of [audience1, audience2]) {
        await tab.page.getByTestId("ended").waitFor({ timeout: 15_000 });
        assert.equal(await tab.page.getByTestId("ended-title").textContent(), "Live ended", tab.name);
        assert.equal(await status(tab), "ended", tab.name);
      }
    });
  });

  it("calls: a user calls another from the lobby; it rings, is accepted, and both see each other; a third user calling hears busy (code 5); a hang-up ends it for both (code 4)", { timeout: 120_000 }, async () => {
    await step("demo-call", async () => {
      const { server, browser } = ready();
      const callerId = `caller_${run}`;
      const calleeId = `callee_${run}`;
      const caller = await browser.open("caller", server.demoUrl);
      await signIn(caller, callerId);
      const callee = await browser.open("callee", server.demoUrl);
      await signIn(callee, calleeId);
      const third = await browser.open("third", server.demoUrl);
      await signIn(third, `third_${run}`);

      // The lobby lists who is online (refreshed every few seconds), each with a call button.
      const call = caller.page.locator(`[data-testid=video-call][data-user="${calleeId}"]`);
      await call.waitFor({ timeout: 15_000 });
      await call.click();
      await caller.page.locator("[data-screen=call]").waitFor({ timeout: 15_000 });
      await callee.page.getByTestId("incoming-call").waitFor({ timeout: 15_000 });
      assert.equal(await callee.page.locator("[data-testid=incoming-call] h2").textContent(), `${callerId} is calling`);
      await callee.page.getByTestId("accept-call").click();
      await callee.page.locator("[data-screen=call]").waitFor({ timeout: 15_000 });
      await waitForVideo(caller, calleeId);
      await waitForVideo(callee, callerId);
      await until("the caller's status naming the callee", () => caller.page.getByTestId("call-status").textContent(), (text) => text === `In a call with ${calleeId}`, 10_000);

      const busy = third.page.locator(`[data-testid=video-call][data-user="${calleeId}"]`);
      await busy.waitFor({ timeout: 15_000 });
      await busy.click();
      await third.page.locator(".toast-text", { hasText: `${calleeId} is busy in another call (code 5)` }).waitFor({ timeout: 15_000 });
      await third.page.locator("[data-screen=lobby]").waitFor({ timeout: 15_000 });

      await caller.page.getByTestId("call-hangup").click();
      await callee.page.locator(".toast-text", { hasText: `${callerId} hung up (code 4)` }).waitFor({ timeout: 15_000 });
      await callee.page.locator("[data-screen=lobby]").waitFor({ timeout: 15_000 });
      await caller.page.locator("[data-screen=lobby]").waitFor({ timeout: 15_000 });
    });
  });

  it("no page logged a console error or warning", async () => {
    const { browser } = ready();
    const problems = browser.tabs.flatMap((tab) => tab.problems.map((problem) => `${tab.name}: ${problem}`));
    assert.deepEqual(problems, []);
  });
});
