import { h, hueOf, initials, replaceChildren } from "../shared/dom.js";

/** What the status pill says: the connection and, in a room, the show's state. */
export type StatusState = "offline" | "connecting" | "online" | "reconnecting" | "live" | "ended";

const labels: Readonly<Record<StatusState, string>> = {
  offline: "Offline",
  connecting: "Connecting…",
  online: "Online",
  reconnecting: "Reconnecting…",
  live: "Live",
  ended: "Ended",
};

/** The top bar: brand, the status pill, and the signed-in user with a sign-out button. */
export class Header {
  readonly element: HTMLElement;
  readonly #status: HTMLElement;
  readonly #user: HTMLElement;
  readonly #signOut: () => void;
  #state: StatusState = "offline";

  constructor(onSignOut: () => void) {
    this.#status = h("span", { class: "status", dataset: { state: "offline" }, attrs: { role: "status", "data-testid": "status" } }, labels.offline);
    this.#user = h("div", { class: "user-chip" });
    this.#signOut = onSignOut;
    this.element = h("header", { class: "topbar" },
      h("a", { class: "brand", href: "/", attrs: { "aria-label": "OpenLive home" } },
        h("span", { class: "brand-mark", text: "●" }), h("span", { text: "OpenLive" }), h("span", { class: "brand-sub", text: "Live" })),
      h("div", { class: "topbar-right" }, this.#status, this.#user));
  }

  get state(): StatusState {
    return this.#state;
  }

  setStatus(state: StatusState): void {
    this.#state = state;
    this.#status.dataset["state"] = state;
    this.#status.textContent = labels[state];
  }

  /** Shows the signed-in user (or nobody). */
  setUser(userId: string | undefined): void {
    if (userId === undefined) {
      replaceChildren(this.#user);
      return;
    }

    replaceChildren(this.#user,
      h("span", { class: "avatar small", text: initials(userId), attrs: { style: `--hue:${hueOf(userId)}` } }),
      h("span", { class: "user-name", text: userId, attrs: { "data-testid": "signed-in-user" } }),
      h("button", { class: "ghost small", text: "Sign out", on: { click: () => this.#signOut() } }));
  }
}
