import { h, hueOf, initials } from "../../shared/dom.js";

/** One member on stage: its video (or avatar while it has none), name, role badge and speaking ring. */
export class Tile {
  readonly userId: string;
  readonly element: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly #badge: HTMLElement;
  readonly #mic: HTMLElement;
  #heard = false;

  constructor(userId: string, isSelf: boolean) {
    this.userId = userId;
    this.video = h("video", {
      autoplay: true,
      muted: true,
      playsInline: true,
      dataset: { user: userId },
      attrs: { "data-testid": isSelf ? "local-video" : "remote-video" },
    });
    if (isSelf) {
      this.video.classList.add("mirrored");
    }

    this.#badge = h("span", { class: "badge role" });
    this.#mic = h("span", { class: "mic", attrs: { "aria-hidden": "true" } });
    this.element = h("figure", { class: "tile no-video", dataset: { user: userId, audio: "none" }, attrs: { "data-testid": "tile", style: `--hue:${hueOf(userId)}` } },
      this.video,
      h("div", { class: "tile-avatar" }, h("span", { class: "avatar large", text: initials(userId) })),
      h("figcaption", { class: "tile-label" }, this.#mic, h("span", { class: "tile-name", text: isSelf ? `${userId} (you)` : userId }), this.#badge));
    this.video.addEventListener("resize", () => this.#updateVideoState());
    this.video.addEventListener("playing", () => this.#updateVideoState());
  }

  /** Shows a stream (or the avatar when undefined). */
  setStream(stream: MediaStream | undefined): void {
    if (this.video.srcObject !== (stream ?? null)) {
      this.video.srcObject = stream ?? null;
    }

    if (stream !== undefined) {
      this.video.play().catch(() => undefined);
    }

    this.#updateVideoState();
  }

  setRole(label: string): void {
    this.#badge.textContent = label;
    this.#badge.dataset["role"] = label.toLowerCase();
    this.element.dataset["role"] = label.toLowerCase();
  }

  /** The member's camera is (not) being sent, as member events say. */
  setCameraOn(on: boolean): void {
    this.element.classList.toggle("camera-off", !on);
  }

  /** The member's audio level (0-1): the speaking ring, and `data-audio="heard"` once sound arrived. */
  setLevel(level: number): void {
    const speaking = level > 0.02;
    this.element.classList.toggle("speaking", speaking);
    if (level > 0.005 && !this.#heard) {
      this.#heard = true;
      this.element.dataset["audio"] = "heard";
    }
  }

  /** The member's audio track arrived (before any sound is measured). */
  setHasAudio(has: boolean): void {
    if (!this.#heard) {
      this.element.dataset["audio"] = has ? "receiving" : "none";
    }

    this.#mic.classList.toggle("off", !has);
  }

  #updateVideoState(): void {
    const stream = this.video.srcObject as MediaStream | null;
    const live = stream?.getVideoTracks().some((track) => track.readyState === "live") ?? false;
    this.element.classList.toggle("no-video", !live);
  }
}
