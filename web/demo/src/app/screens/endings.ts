import type { LiveError } from "@openlive/sdk";
import { duration, h } from "../../shared/dom.js";
import { describeError } from "../../shared/errors.js";
import { toastError } from "../../shared/toasts.js";
import type { AppContext, EndedInfo, Screen } from "../context.js";

/** The show is over: for the audience "Live ended", for the host its summary. */
export function endedScreen(app: AppContext, info: EndedInfo): Screen {
  const removed = info.error !== undefined;
  const heading = info.byMe ? "You ended the live" : removed ? "You were removed from the live" : "Live ended";
  const reason = info.error === undefined ? undefined : describeError(info.error);
  const card = h("div", { class: "card ended", attrs: { "data-testid": "ended" } },
    h("div", { class: "ended-icon", text: removed ? "⦸" : "■" }),
    h("h1", { text: heading, attrs: { "data-testid": "ended-title" } }),
    h("p", { class: "muted", text: info.title.length > 0 ? `“${info.title}” · room ${info.roomId}` : `Room ${info.roomId}` }),
    reason === undefined ? null : h("p", { class: "error-line", text: `${reason.module} ${reason.code} ${reason.name}: ${reason.text}` }),
    h("dl", { class: "stats" },
      h("div", null, h("dt", { text: "Duration" }), h("dd", { text: duration(info.durationMs) })),
      h("div", null, h("dt", { text: "Likes" }), h("dd", { text: String(info.likes) })),
      h("div", null, h("dt", { text: "Peak viewers" }), h("dd", { text: String(info.peakViewers) }))),
    h("button", { class: "primary wide", text: "Back to the lobby", attrs: { "data-testid": "back-to-lobby" }, on: { click: () => app.goLobby() } }));
  return { element: h("section", { class: "center", dataset: { screen: "ended" } }, card), dispose: () => undefined };
}

/** Signed out by the server: 8050 (the same user signed in elsewhere) or 8051 (the ticket expired), with the catalog's text. */
export function kickedScreen(app: AppContext, reason: LiveError, lastUserId: string): Screen {
  const info = describeError(reason);
  const kickedOut = info.code === 8050;
  const byAdmin = kickedOut && (info.detail ?? "").includes("administrator");
  const button = h("button", { class: "primary wide", text: lastUserId.length > 0 ? `Sign in again as ${lastUserId}` : "Sign in again", attrs: { "data-testid": "sign-in-again" } });
  button.addEventListener("click", () => {
    button.disabled = true;
    const retry = lastUserId.length > 0 ? app.signIn(lastUserId) : app.signOut();
    retry.catch((error: unknown) => {
      toastError("Signing in again", error);
      void app.signOut();
    });
  });
  const card = h("div", { class: "card kicked", attrs: { "data-testid": "kicked" } },
    h("div", { class: "ended-icon warn", text: "!" }),
    h("h1", { text: byAdmin ? "Signed out by an administrator" : kickedOut ? "Signed in somewhere else" : "Your session ended" }),
    h("p", { class: "muted", text: byAdmin
      ? "An administrator of this server signed this account out."
      : kickedOut
        ? "This account signed in from another tab or device, so the server signed this one out."
        : "The server ended this session; sign in again for a fresh ticket." }),
    h("div", { class: "error-box" },
      h("div", { class: "error-code", attrs: { "data-testid": "kicked-code" }, text: `${info.module} ${info.code} ${info.name}` }),
      h("div", { class: "error-text", attrs: { "data-testid": "kicked-text" }, text: info.text }),
      info.detail === undefined || info.detail.length === 0 ? null : h("div", { class: "error-detail", text: info.detail })),
    button,
    h("button", { class: "ghost wide", text: "Use another user id", on: { click: () => void app.signOut() } }));
  return { element: h("section", { class: "center", dataset: { screen: "kicked" } }, card), dispose: () => undefined };
}
