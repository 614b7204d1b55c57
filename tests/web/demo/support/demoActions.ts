import type { DemoTab } from "./DemoBrowser.js";
import { until } from "../../media/support/poll.js";

// What a user does in the demo and what the tests read back, through the page's own controls and its data-testid
// hooks (no test-only code in the demo).

/** A <video>'s state as the page sees it. */
export interface VideoState {
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly currentTime: number;
  readonly paused: boolean;
}

export async function signIn(tab: DemoTab, userId: string): Promise<void> {
  await tab.page.getByTestId("user-id").fill(userId);
  await tab.page.getByTestId("sign-in").click();
  await tab.page.locator("[data-screen=lobby]").waitFor({ timeout: 20_000 });
}

/** Starts a live with a title; its room id. */
export async function goLive(tab: DemoTab, title: string): Promise<string> {
  await tab.page.getByTestId("show-title").fill(title);
  await tab.page.getByTestId("go-live").click();
  const room = tab.page.locator("[data-screen=room]");
  await room.waitFor({ timeout: 20_000 });
  return (await room.getAttribute("data-room")) ?? "";
}

export async function joinById(tab: DemoTab, roomId: string): Promise<void> {
  await tab.page.getByTestId("join-room-id").fill(roomId);
  await tab.page.getByTestId("join").click();
  await tab.page.locator("[data-screen=room]").waitFor({ timeout: 20_000 });
}

/** The remote camera <video> of `userId` (or the own preview for "local"). */
export function video(tab: DemoTab, userId: string): Promise<VideoState | undefined> {
  return tab.page.evaluate((user) => {
    const element = document.querySelector<HTMLVideoElement>(`video[data-testid=remote-video][data-user="${CSS.escape(user)}"]`);
    return element === null ? undefined : { videoWidth: element.videoWidth, videoHeight: element.videoHeight, currentTime: element.currentTime, paused: element.paused };
  }, userId);
}

/** Waits until `userId`'s video plays on `tab`: frames have a size and the clock moves by a second. */
export async function waitForVideo(tab: DemoTab, userId: string, timeoutMs = 30_000): Promise<VideoState> {
  const first = await until(`${tab.name}: ${userId}'s <video> with frames`, () => video(tab, userId),
    (state) => state !== undefined && state.videoWidth > 0 && state.currentTime > 0 && !state.paused, timeoutMs);
  const later = await until(`${tab.name}: ${userId}'s <video> currentTime advancing`, () => video(tab, userId),
    (state) => (state?.currentTime ?? 0) >= (first?.currentTime ?? 0) + 1, 15_000);
  return later as VideoState;
}

/** Waits until `userId`'s audio plays on `tab` and sound was measured in it (the fake microphone's beeps). */
export async function waitForAudio(tab: DemoTab, userId: string, timeoutMs = 20_000): Promise<void> {
  await until(`${tab.name}: ${userId}'s audio playing and heard`, () => tab.page.evaluate((user) => {
    const audio = document.querySelector<HTMLAudioElement>(`audio[data-testid=remote-audio][data-user="${CSS.escape(user)}"]`);
    const tile = document.querySelector<HTMLElement>(`[data-testid=tile][data-user="${CSS.escape(user)}"]`);
    return { playing: audio !== null && !audio.paused && audio.currentTime > 0, heard: tile?.dataset["audio"] ?? "no tile" };
  }, userId), (state) => state.playing && state.heard === "heard", timeoutMs);
}

export async function sendChat(tab: DemoTab, text: string): Promise<void> {
  await tab.page.getByTestId("chat-input").fill(text);
  await tab.page.getByTestId("chat-send").click();
  await tab.page.locator(`[data-testid=chat-message].own`, { hasText: text }).waitFor({ timeout: 10_000 });
}

/** The chat as shown: "sender: text" per message. */
export function chatLines(tab: DemoTab): Promise<string[]> {
  return tab.page.locator("[data-testid=chat-message]").evaluateAll((items) =>
    items.map((item) => `${(item as HTMLElement).dataset["sender"] ?? ""}: ${item.querySelector(".message-text")?.textContent ?? ""}`));
}

export function waitForChat(tab: DemoTab, line: string, timeoutMs = 10_000): Promise<string[]> {
  return until(`${tab.name}: the chat showing "${line}"`, () => chatLines(tab), (lines) => lines.includes(line), timeoutMs);
}

/** The likes counter. */
export async function likes(tab: DemoTab): Promise<number> {
  return Number(await tab.page.getByTestId("likes").getAttribute("data-count") ?? "0");
}

/** The status pill's state (connecting, online, reconnecting, live, ended, offline). */
export function status(tab: DemoTab): Promise<string | null> {
  return tab.page.getByTestId("status").getAttribute("data-state");
}
