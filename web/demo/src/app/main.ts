// The OpenLive demo app (served by the server at /): a live show in the spirit of Tencent's Suixinbo demo, on the
// browser SDK. docs/demo.md describes its screens.
import { toastError } from "../shared/toasts.js";
import { App } from "./App.js";

// A failure nothing else caught still reaches the user as a toast with its code, not as a silent console line.
window.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  toastError("Something went wrong", event.reason);
});

const root = document.getElementById("app");
if (root !== null) {
  new App(root).start();
}
