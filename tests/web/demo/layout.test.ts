import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitAfterTests } from "../media/support/exitAfterTests.js";
import { describe as show, until } from "../media/support/poll.js";
import type { DemoTab } from "./support/DemoBrowser.js";
import { DemoSuite } from "./support/demoSuite.js";
import { goLive, joinById, signIn, waitForVideo } from "./support/demoActions.js";
import { layoutProblems, stageGeometry } from "./support/stageGeometry.js";

// The demo's layout on a laptop (1100x720) and on a phone (390x844): the stage's tiles keep their videos' shapes (the
// host's 16:9 camera, a co-host's 4:3 one) whole and apart, for one tile and for two; on the phone the lobby starts
// with what is live and a room's chat input is in view. Each layout's screenshot goes to artifacts/test/web-demo/
// (layout-*.png) for a reviewer.

exitAfterTests();
const suite = DemoSuite.use();
const run = Date.now().toString(36).slice(-5);
const hostId = `lhost_${run}`;
const phoneId = `lphone_${run}`;
const viewerId = `lview_${run}`;
let roomId = "";
let host: DemoTab;
let phone: DemoTab;
let viewer: DemoTab;

const ready = () => suite.ready();
const step = (label: string, body: () => Promise<void>) => suite.step(label, body);

/** Waits until `tab`'s stage shows `users`' tiles laid out right (see layoutProblems), then saves its screenshot. */
async function expectStage(tab: DemoTab, users: readonly string[], screenshot: string): Promise<void> {
  await until(`${tab.name}: the stage's ${users.length} tile(s) whole, in their videos' shapes, apart and in the stage`, async () => {
    const geometry = await stageGeometry(tab);
    return { problems: layoutProblems(geometry, users), geometry };
  }, (state) => state.problems.length === 0, 20_000);
  await ready().browser.screenshot(tab, screenshot);
}

/** The chat input and its Send button lie in the viewport, with the page not scrolled. */
async function expectChatInView(tab: DemoTab): Promise<void> {
  const view = await tab.page.evaluate(() => {
    const box = (testId: string) => document.querySelector(`[data-testid=${testId}]`)?.getBoundingClientRect();
    const input = box("chat-input");
    const send = box("chat-send");
    return { scrollY, height: innerHeight, width: innerWidth, input: input && { top: input.top, bottom: input.bottom, right: input.right }, send: send && { bottom: send.bottom, right: send.right } };
  });
  assert.equal(view.scrollY, 0, show(view));
  assert.ok(view.input !== undefined && view.input.top >= 0 && view.input.bottom <= view.height, `the chat input in view: ${show(view)}`);
  assert.ok(view.send !== undefined && view.send.bottom <= view.height && view.send.right <= view.width, `Send in view: ${show(view)}`);
}

describe("the demo's layout", { concurrency: false }, () => {
  it("phone: the lobby starts with Live now, right under the top bar", { timeout: 90_000 }, async () => {
    await step("layout-phone-lobby", async () => {
      const { server, browser } = ready();
      host = await browser.open("host", server.demoUrl);
      await signIn(host, hostId);
      roomId = await goLive(host, "Layout show");

      phone = await browser.open("phone", server.demoUrl, "phone");
      await signIn(phone, phoneId);
      await phone.page.locator(`[data-testid=show-card][data-room="${roomId}"]`).waitFor({ timeout: 15_000 });
      const place = await phone.page.evaluate(() => {
        const heading = Array.from(document.querySelectorAll("[data-screen=lobby] h2")).find((h2) => h2.textContent === "Live now");
        return { header: document.querySelector(".topbar")?.getBoundingClientRect().bottom, heading: heading?.getBoundingClientRect().top, scrollY };
      });
      assert.ok(place.header !== undefined && place.heading !== undefined, show(place));
      // The lobby's padding (1rem) and nothing more: no stretched empty row above the heading.
      assert.ok(place.heading - place.header <= 24, `"Live now" ${place.heading - place.header} px below the top bar`);
      await browser.screenshot(phone, "layout-phone-lobby");
    });
  });

  it("one tile (the host alone): whole, in the video's 16:9, on a laptop and on a phone; the phone's chat input in view", { timeout: 120_000 }, async () => {
    await step("layout-one-tile", async () => {
      const { server, browser } = ready();
      await phone.page.locator(`[data-testid=show-card][data-room="${roomId}"]`).click();
      await phone.page.locator("[data-screen=room]").waitFor({ timeout: 20_000 });
      viewer = await browser.open("viewer", server.demoUrl);
      await signIn(viewer, viewerId);
      await joinById(viewer, roomId);
      await waitForVideo(phone, hostId);
      await waitForVideo(viewer, hostId);

      await expectStage(host, [hostId], "layout-1-tile-desktop-host");
      await expectStage(viewer, [hostId], "layout-1-tile-desktop-viewer");
      await expectStage(phone, [hostId], "layout-1-tile-phone-viewer");
      await expectChatInView(phone);
    });
  });

  it("two tiles (host and a 4:3 co-host on the phone): both whole, apart, in the stage, on a laptop and on the phone; its chat input still in view", { timeout: 120_000 }, async () => {
    await step("layout-two-tiles", async () => {
      await host.page.getByTestId("tab-members").click();
      await host.page.locator(`[data-testid=member][data-user="${phoneId}"] [data-testid=invite]`).click();
      await phone.page.getByTestId("invite-dialog").waitFor({ timeout: 10_000 });
      await phone.page.getByTestId("accept-invite").click();
      await until("the phone's role", () => phone.page.locator("[data-screen=room]").getAttribute("data-role"), (role) => role === "co-host", 10_000);
      await waitForVideo(host, phoneId);
      await waitForVideo(viewer, phoneId);

      await expectStage(host, [hostId, phoneId], "layout-2-tiles-desktop-host");
      await expectStage(viewer, [hostId, phoneId], "layout-2-tiles-desktop-viewer");
      await expectStage(phone, [hostId, phoneId], "layout-2-tiles-phone-co-host");
      await expectChatInView(phone);
    });
  });

  it("no page logged a console error or warning", () => {
    const { browser } = ready();
    const problems = browser.tabs.flatMap((tab) => tab.problems.map((problem) => `${tab.name}: ${problem}`));
    assert.deepEqual(problems, []);
  });
});
