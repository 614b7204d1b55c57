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

/** When each visible toast closes by itself, by its text: the same news again restarts its time instead of stacking a copy. */
const closing = new Map<string, ReturnType<typeof setTimeout>>();

function show(toast: HTMLElement): void {
  const key = toast.textContent ?? "";
  const shown = [...toastRegion().children].find((other) => other instanceof HTMLElement && other.dataset["key"] === key && !other.classList.contains("leaving"));
  const close = (target: HTMLElement): void => {
    clearTimeout(closing.get(key));
    closing.delete(key);
    target.classList.add("leaving");
    setTimeout(() => target.remove(), 250);
  };
  if (shown instanceof HTMLElement) {
    // The same failure again (a retried join of a room that does not exist): one toast, shown for longer.
    clearTimeout(closing.get(key));
    closing.set(key, setTimeout(() => close(shown), visibleMs));
    return;
  }

  toast.dataset["key"] = key;
  toast.append(h("button", { class: "toast-close", attrs: { "aria-label": "Dismiss" }, text: "×", on: { click: () => close(toast) } }));
  toastRegion().append(toast);
  closing.set(key, setTimeout(() => close(toast), visibleMs));
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
