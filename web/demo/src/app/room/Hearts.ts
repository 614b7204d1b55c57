import { h } from "../../shared/dom.js";

const maxFloating = 40;

/** Floating hearts over the stage, one per like (capped, so a flood of likes stays light). */
export class Hearts {
  readonly element: HTMLElement = h("div", { class: "hearts", attrs: { "aria-hidden": "true" } });

  burst(count: number, hue: number): void {
    for (let i = 0; i < Math.min(count, 5); i++) {
      if (this.element.childElementCount >= maxFloating) {
        return;
      }

      const heart = h("span", {
        class: "heart",
        text: "♥",
        attrs: { style: `--hue:${hue};--drift:${Math.round(Math.random() * 60 - 30)}px;--delay:${i * 90}ms` },
      });
      heart.addEventListener("animationend", () => heart.remove());
      this.element.append(heart);
    }
  }
}
