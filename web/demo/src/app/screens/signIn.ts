import { h } from "../../shared/dom.js";
import { toastError } from "../../shared/toasts.js";
import type { AppContext, Screen } from "../context.js";

/** Sign in: a user id; the dev server issues its userSig (POST /dev/v1/usersig) and the client logs in with it. */
export function signInScreen(app: AppContext, lastUserId: string): Screen {
  const input = h("input", {
    id: "user-id",
    name: "userId",
    value: lastUserId,
    placeholder: "e.g. alice",
    autocomplete: "username",
    maxLength: 32,
    required: true,
    spellcheck: false,
    attrs: { "data-testid": "user-id", autocapitalize: "off" },
  });
  const button = h("button", { type: "submit", class: "primary wide", text: "Sign in", attrs: { "data-testid": "sign-in" } });
  const form = h("form", { class: "card sign-in" },
    h("h1", { text: "Go live in seconds" }),
    h("p", { class: "muted", text: "Sign in with any user id. This dev server issues its userSig for you, as your app's backend would." }),
    h("label", { htmlFor: "user-id", text: "User id" }),
    input,
    button,
    h("p", { class: "fine", text: "Sign in as the same user in another tab and this one is signed out (iLiveSDK's kick-out, 8050)." }));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const userId = input.value.trim();
    if (userId.length === 0) {
      input.focus();
      return;
    }

    button.disabled = true;
    input.disabled = true;
    button.textContent = "Signing in…";
    app.signIn(userId).catch((error: unknown) => {
      toastError(`Signing in as ${userId}`, error);
      button.disabled = false;
      input.disabled = false;
      button.textContent = "Sign in";
    });
  });

  queueMicrotask(() => input.focus());
  return { element: h("section", { class: "center", dataset: { screen: "sign-in" } }, form), dispose: () => undefined };
}
