import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { encodeLiveCommand } from "./LiveCommand.js";
import type { MessageElement } from "./MessageElement.js";

const encoder = new TextEncoder();

/**
 * A message to send: text and custom elements. iLiveSDK's live commands are custom elements whose data is
 * `{"userAction":cmd,"actionParam":param}`; build them with {@link LiveMessage.command}.
 */
export class LiveMessage {
  /** The sender's id for this message; a retry with the same id is stored once. Generated at the first send when unset. */
  clientMessageId: string | undefined;

  readonly #elements: MessageElement[] = [];

  /** The elements, in order. */
  get elements(): readonly MessageElement[] {
    return this.#elements;
  }

  /** A text message. */
  static text(text: string): LiveMessage {
    return new LiveMessage().addText(text);
  }

  /** A custom message (strings are sent as UTF-8). */
  static custom(data: Uint8Array | string, desc?: string, ext?: string): LiveMessage {
    return new LiveMessage().addCustom(data, desc, ext);
  }

  /** An iLiveSDK live command (0x700-0x70D are the co-host commands, 0x800-0x900 the app's own). */
  static command(command: number, param = ""): LiveMessage {
    if (!Number.isInteger(command)) {
      throw LiveError.iLive(ILiveErrorCode.InvalidParam, `command ${command} is not a whole number`);
    }

    return LiveMessage.custom(encodeLiveCommand({ userAction: command, actionParam: param }));
  }

  /** Adds a text element. */
  addText(text: string): this {
    if (typeof text !== "string") {
      throw LiveError.iLive(ILiveErrorCode.NullPointer, "text is not a string");
    }

    this.#elements.push({ type: "text", text });
    return this;
  }

  /** Adds a custom element. */
  addCustom(data: Uint8Array | string, desc = "", ext = ""): this {
    this.#elements.push({ type: "custom", data: typeof data === "string" ? encoder.encode(data) : data, desc, ext });
    return this;
  }
}
