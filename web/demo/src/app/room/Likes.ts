import { LiveMessage, type LiveRoom, type ReceivedMessage } from "@openlive/sdk";
import { h, hueOf } from "../../shared/dom.js";
import { toastError } from "../../shared/toasts.js";
import { Hearts } from "./Hearts.js";
import { PraiseCommand } from "./roles.js";

const flushMs = 300;

/**
 * Likes as Suixinbo sent them: an iLive custom command (`{"userAction":3,"actionParam":"<count>"}`) to the room's
 * group, online only (likes are not history). A burst of clicks is one message; every like floats a heart.
 */
export class Likes {
  readonly counter: HTMLElement = h("span", { class: "pill likes", attrs: { "data-testid": "likes" }, dataset: { count: "0" }, text: "♥ 0" });
  readonly hearts = new Hearts();
  readonly #room: LiveRoom;
  readonly #hue: number;
  #count = 0;
  #pending = 0;
  #closed = false;

  constructor(room: LiveRoom, selfUserId: string) {
    this.#room = room;
    this.#hue = hueOf(selfUserId);
  }

  get count(): number {
    return this.#count;
  }

  /** This member likes the show. */
  like(): void {
    this.#add(1, this.#hue);
    this.#pending++;
    if (this.#pending > 1) {
      return;
    }

    setTimeout(() => {
      const count = this.#pending;
      this.#pending = 0;
      if (!this.#closed && this.#room.isEntered) {
        this.#room.sendMessage(LiveMessage.command(PraiseCommand, String(count)), { onlineOnly: true })
          .catch((error: unknown) => toastError("Sending a like", error));
      }
    }, flushMs);
  }

  /** Takes a room message if it is a like (true), else leaves it to the chat (false). */
  take(message: ReceivedMessage): boolean {
    if (message.command?.userAction !== PraiseCommand) {
      return false;
    }

    const count = Number.parseInt(message.command.actionParam, 10);
    this.#add(Math.min(50, Math.max(1, Number.isFinite(count) ? count : 1)), hueOf(message.sender));
    return true;
  }

  dispose(): void {
    this.#closed = true;
  }

  #add(count: number, hue: number): void {
    this.#count += count;
    this.counter.textContent = `♥ ${this.#count}`;
    this.counter.dataset["count"] = String(this.#count);
    this.hearts.burst(count, hue);
  }
}
