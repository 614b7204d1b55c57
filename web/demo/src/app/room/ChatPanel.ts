import type { ReceivedMessage } from "@openlive/sdk";
import { clockTime, h, hueOf } from "../../shared/dom.js";

const maxItems = 200;

/** The room's chat: history on entry, live messages, join/leave notices, and the input. */
export class ChatPanel {
  readonly element: HTMLElement;
  readonly #list: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #send: HTMLButtonElement;
  readonly #seen = new Set<string>();

  constructor(onSend: (text: string) => Promise<void>) {
    this.#list = h("ol", { class: "chat-list", attrs: { "data-testid": "chat-list", "aria-live": "polite" } });
    this.#input = h("input", { placeholder: "Say something…", maxLength: 500, autocomplete: "off", attrs: { "data-testid": "chat-input", "aria-label": "Chat message" } });
    this.#send = h("button", { type: "submit", class: "primary", text: "Send", attrs: { "data-testid": "chat-send" } });
    const form = h("form", { class: "chat-form" }, this.#input, this.#send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.#input.value.trim();
      if (text.length === 0) {
        return;
      }

      this.#send.disabled = true;
      onSend(text).then(() => {
        this.#input.value = "";
      }, () => undefined).finally(() => {
        this.#send.disabled = false;
        this.#input.focus();
      });
    });
    this.element = h("div", { class: "chat" }, this.#list, form);
  }

  /** The history (newest first, as the server answers), shown above anything already there, under its mark. */
  showHistory(messages: readonly ReceivedMessage[]): void {
    const items = [...messages].reverse().filter((message) => this.#firstSighting(message) && message.text.length > 0).map((message) => this.#item(message.sender, message.text, message.sentAt, true));
    if (items.length > 0) {
      this.#list.prepend(h("li", { class: "notice history-mark", text: "— earlier messages —" }), ...items);
      this.#scroll();
    }
  }

  /** A live message (text only; commands are handled elsewhere). */
  add(message: ReceivedMessage): void {
    if (this.#firstSighting(message) && message.text.length > 0) {
      this.#append(this.#item(message.sender, message.text, message.sentAt, false));
    }
  }

  /** This member's own message, once the server stored it. */
  addOwn(sender: string, text: string, messageId: string): void {
    this.#seen.add(messageId);
    this.#append(this.#item(sender, text, new Date(), false, true));
  }

  /** A line from the room itself ("bob joined"). */
  notice(text: string): void {
    this.#append(h("li", { class: "notice", text }));
  }

  setEnabled(enabled: boolean): void {
    this.#input.disabled = !enabled;
    this.#send.disabled = !enabled;
  }

  #firstSighting(message: ReceivedMessage): boolean {
    if (this.#seen.has(message.messageId)) {
      return false;
    }

    this.#seen.add(message.messageId);
    return true;
  }

  #item(sender: string, text: string, at: Date, fromHistory: boolean, own = false): HTMLElement {
    return h("li", { class: `message${own ? " own" : ""}${fromHistory ? " history" : ""}`, dataset: { sender }, attrs: { "data-testid": "chat-message" } },
      h("span", { class: "message-sender", text: sender, attrs: { style: `--hue:${hueOf(sender)}` } }),
      h("span", { class: "message-text", text }),
      h("time", { class: "message-time", text: clockTime(at), dateTime: at.toISOString() }));
  }

  #append(item: HTMLElement): void {
    const nearBottom = this.#list.scrollHeight - this.#list.scrollTop - this.#list.clientHeight < 80;
    this.#list.append(item);
    while (this.#list.children.length > maxItems) {
      this.#list.firstElementChild?.remove();
    }

    if (nearBottom) {
      this.#scroll();
    }
  }

  #scroll(): void {
    this.#list.scrollTop = this.#list.scrollHeight;
  }
}
