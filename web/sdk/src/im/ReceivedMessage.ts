import type { Message } from "../gen/protocol.js";
import type { Conversation } from "./Conversation.js";
import { conversationFromWire } from "./conversationWire.js";
import { parseLiveCommand, type LiveCommand } from "./LiveCommand.js";
import type { MessageElement } from "./MessageElement.js";
import { elementFromWire } from "./messageElementWire.js";

/** A message from the server: received live, delivered after login, or read from history. */
export class ReceivedMessage {
  /** The server's message id. */
  readonly messageId: string;
  /** Position in the conversation (from 1; 0 for online-only messages). */
  readonly seq: number;
  /** Who sent it. */
  readonly sender: string;
  /** The conversation, seen from this user: C2C with the sender, or the group. */
  readonly conversation: Conversation;
  /** The elements (kinds this SDK does not know are left out). */
  readonly elements: readonly MessageElement[];
  /** When the server accepted it. */
  readonly sentAt: Date;
  /** Sent as online-only: never stored. */
  readonly isOnlineOnly: boolean;
  /** The sender's client message id. */
  readonly clientMessageId: string;

  /** @internal */
  constructor(message: Message) {
    this.messageId = message.messageId;
    this.seq = Number(message.seq);
    this.sender = message.sender;
    this.conversation = conversationFromWire(message.conversation);
    this.elements = message.elements.map(elementFromWire).filter((element) => element !== undefined);
    this.sentAt = new Date(Number(message.sentAtMs));
    this.isOnlineOnly = message.onlineOnly;
    this.clientMessageId = message.clientMessageId;
  }

  /** The text of the text elements, joined. */
  get text(): string {
    let text = "";
    for (const element of this.elements) {
      if (element.type === "text") {
        text += element.text;
      }
    }

    return text;
  }

  /** The live command in the first custom element, if it is one. */
  get command(): LiveCommand | undefined {
    const custom = this.elements.find((element) => element.type === "custom");
    return custom === undefined ? undefined : parseLiveCommand(custom.data);
  }
}
