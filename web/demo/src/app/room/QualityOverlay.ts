import type { LiveRoom, RoomQuality, TrackQuality } from "@openlive/sdk";
import { h } from "../../shared/dom.js";

/**
 * The stats overlay (iLiveSDK's quality data, as the SDK's `quality` event gives it every second): on each video tile
 * the member's camera as this client sends or receives it — kbit/s, fps, resolution, loss and round trip — toggled by
 * a button. It finds the tiles by their `data-user` in the stage and only appends one element to each, so the tile
 * layout stays the grid's business.
 */
export class QualityOverlay {
  /** The toggle button, for the stage's bar. */
  readonly button: HTMLButtonElement;
  readonly #room: LiveRoom;
  readonly #stage: HTMLElement;
  readonly #selfUserId: string;
  readonly #unsubscribe: () => void;
  #shown = false;
  #last: RoomQuality | undefined;

  constructor(room: LiveRoom, stage: HTMLElement, selfUserId: string) {
    this.#room = room;
    this.#stage = stage;
    this.#selfUserId = selfUserId;
    this.button = h("button", { class: "pill link", text: "Stats", title: "Show each video's bitrate, frame rate, resolution, loss and round trip", attrs: { "data-testid": "toggle-quality", "aria-pressed": "false" }, on: { click: () => this.toggle() } });
    this.#unsubscribe = room.on("quality", (quality) => {
      this.#last = quality;
      if (this.#shown) {
        this.#render(quality);
      }
    });
  }

  /** Shows or hides the overlays (shown at once with the latest figures). */
  toggle(): void {
    this.#shown = !this.#shown;
    this.button.setAttribute("aria-pressed", String(this.#shown));
    if (!this.#shown) {
      this.#stage.querySelectorAll(".quality-overlay").forEach((overlay) => overlay.remove());
      return;
    }

    if (this.#last !== undefined) {
      this.#render(this.#last);
    }

    this.#room.getStats().then((quality) => this.#shown && this.#render(quality), () => undefined);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  #render(quality: RoomQuality): void {
    for (const tile of this.#stage.querySelectorAll<HTMLElement>("figure[data-user]")) {
      const userId = tile.dataset["user"] ?? "";
      const own = userId === this.#selfUserId;
      const camera = quality.tracks.find((track) => track.source === "camera" && (own ? track.direction === "send" : track.direction === "receive" && track.userId === userId));
      const audio = quality.tracks.find((track) => track.source === "audio" && (own ? track.direction === "send" : track.direction === "receive" && track.userId === userId));
      let overlay = tile.querySelector<HTMLElement>(":scope > .quality-overlay");
      if (overlay === null) {
        overlay = h("div", { class: "quality-overlay", attrs: { "data-testid": "quality-overlay", "aria-live": "off" } });
        tile.append(overlay);
      }

      overlay.textContent = describe(camera, audio, own ? quality.rttMs : camera?.rttMs ?? quality.rttMs);
      overlay.dataset["kbps"] = String(Math.round((camera?.kbps ?? 0) + (audio?.kbps ?? 0)));
    }
  }
}

/** "640×360 · 30 fps · 812 kbit/s · loss 0.0 % · RTT 12 ms" (or what is known). */
function describe(camera: TrackQuality | undefined, audio: TrackQuality | undefined, rttMs: number | undefined): string {
  const kbps = (camera?.kbps ?? 0) + (audio?.kbps ?? 0);
  const loss = Math.max(camera?.loss ?? 0, audio?.loss ?? 0);
  return [
    camera !== undefined && camera.width > 0 ? `${camera.width}×${camera.height}` : null,
    camera !== undefined ? `${Math.round(camera.fps)} fps` : null,
    `${Math.round(kbps)} kbit/s`,
    `loss ${(loss * 100).toFixed(1)} %`,
    rttMs !== undefined ? `RTT ${Math.round(rttMs)} ms` : null,
  ].filter((part) => part !== null).join(" · ");
}
