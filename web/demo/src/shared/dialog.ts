import { h } from "./dom.js";

/** A dialog button: its label, test id, style, and what it does (the dialog closes after). */
export interface DialogButton {
  readonly label: string;
  readonly testId: string;
  readonly kind: "primary" | "secondary" | "ghost" | "danger";
  readonly action: () => void;
}

/** An open dialog. */
export interface OpenDialog {
  close(): void;
}

/** A small modal: a title, a sentence and buttons. Escape picks the last button. */
export function openDialog(title: string, text: string, buttons: readonly DialogButton[], testId: string): OpenDialog {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  let open = true;
  const close = (): void => {
    if (!open) {
      return;
    }

    open = false;
    document.removeEventListener("keydown", onKey);
    overlay.remove();
    previous?.focus();
  };
  const elements = buttons.map((button) => h("button", {
    class: button.kind === "danger" ? "primary danger" : button.kind,
    text: button.label,
    attrs: { "data-testid": button.testId },
    on: { click: () => {
      close();
      button.action();
    } },
  }));
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      elements.at(-1)?.click();
    }
  };
  const overlay = h("div", { class: "overlay" },
    h("div", { class: "dialog card", attrs: { role: "dialog", "aria-modal": "true", "aria-label": title, "data-testid": testId } },
      h("h2", { text: title }),
      h("p", { class: "muted", text }),
      h("div", { class: "dialog-buttons" }, ...elements)));
  document.addEventListener("keydown", onKey);
  document.body.append(overlay);
  elements[0]?.focus();
  return { close };
}
