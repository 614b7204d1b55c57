import { h } from "./dom.js";
import { describeError } from "./errors.js";

const visibleMs = 7000;
let region: HTMLElement | undefined;

function toastRegion(): HTMLElement {
  if (region === undefined || !region.isConnected) {
    region = h("div", { class: "toasts", attrs: { role: "status", "aria-live": "polite" } });
    document.body.append(region);
  }

  return region;
}

function show(toast: HTMLElement): void {
  const close = (): void => {
    toast.classList.add("leaving");
    setTimeout(() => toast.remove(), 250);
  };
  toast.append(h("button", { class: "toast-close", attrs: { "aria-label": "Dismiss" }, text: "×", on: { click: close } }));
  toastRegion().append(toast);
  setTimeout(close, visibleMs);
}

/** A failed action: what was tried, then iLiveSDK's module, code and constant, the catalog's text and the detail. */
export function toastError(action: string, error: unknown): void {
  const info = describeError(error);
  show(h("div", { class: "toast error", dataset: { module: info.module, code: String(info.code) } },
    h("div", { class: "toast-title", text: action }),
    h("div", { class: "toast-code", text: `${info.module} ${info.code} ${info.name}` }),
    h("div", { class: "toast-text", text: info.text }),
    info.detail !== undefined && info.detail.length > 0 && info.detail !== info.text ? h("div", { class: "toast-detail", text: info.detail }) : null,
  ));
}

/** A piece of news (someone accepted an invitation, a reconnect succeeded). */
export function toastInfo(text: string): void {
  show(h("div", { class: "toast info" }, h("div", { class: "toast-text", text })));
}
