import type { CountersChanged, LiveRoom } from "@openlive/sdk";
import { h, hueOf } from "../../shared/dom.js";
import { toastError } from "../../shared/toasts.js";
import { Hearts } from "./Hearts.js";

const flushMs = 300;

/**
 * Likes kept by the server (`room.sendLikes`, `countersChanged`): everyone, a late joiner too, sees the same count. A
 * burst of clicks is one request; this member's own hearts float at once, the others' when the server's count says so.
 */
export class Likes {
  readonly counter: HTMLElement = h("span", { class: "pill likes", attrs: { "data-testid": "likes" }, dataset: { count: "0" }, text: "♥ 0" });
  readonly hearts = new Hearts();
  readonly #room: LiveRoom;
  readonly #hue: number;
  readonly #unsubscribe: () => void;
  #pending = 0;
  // Own likes sent whose hearts already floated: the server's next counts include them, so they do not float twice.
  #ownInFlight = 0;
  #closed = false;

  constructor(room: LiveRoom, selfUserId: string) {
    this.#room = room;
    this.#hue = hueOf(selfUserId);
    this.#show(room.counters.likes);
    this.#unsubscribe = room.on("countersChanged", (event) => this.#onCounters(event));
  }

  get count(): number {
    return this.#room.counters.likes;
  }

  /** This member likes the show. */
  like(): void {
    this.hearts.burst(1, this.#hue);
    this.#pending++;
    if (this.#pending > 1) {
      return;
    }

    setTimeout(() => {
      const count = this.#pending;
      this.#pending = 0;
      if (!this.#closed && this.#room.isEntered) {
        this.#ownInFlight += count;
        this.#room.sendLikes(count).catch((error: unknown) => {
          this.#ownInFlight = Math.max(0, this.#ownInFlight - count);
          toastError("Sending a like", error);
        });
      }
    }, flushMs);
  }

  dispose(): void {
    this.#closed = true;
    this.#unsubscribe();
  }

  #onCounters(event: CountersChanged): void {
    const own = Math.min(this.#ownInFlight, event.likesAdded);
    this.#ownInFlight -= own;
    const others = event.likesAdded - own;
    if (others > 0) {
      this.hearts.burst(Math.min(50, others), hueOf(event.lastLiker));
    }

    this.#show(event.counters.likes);
  }

  #show(count: number): void {
    this.counter.textContent = `♥ ${count}`;
    this.counter.dataset["count"] = String(count);
  }
}
