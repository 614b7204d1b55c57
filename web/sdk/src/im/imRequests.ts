// The IM requests' wire shapes and their checks, kept apart from LiveClient (which only sends them and keeps state).
import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import { randomHexId } from "../platform/randomId.js";
import type { ClientBody, ServerBodyValue } from "../signaling/frames.js";
import type { Conversation } from "./Conversation.js";
import { conversationFromWire, conversationToWire } from "./conversationWire.js";
import { LiveMessage } from "./LiveMessage.js";
import { elementToWire } from "./messageElementWire.js";
import type { SendOptions, SentMessage, UnreadCount } from "./SentMessage.js";

/** The `sendMessage` body (8005 not a message, 8021 no elements). Fixes the client message id before the first attempt, so a retry after a lost answer is stored once. */
export function sendMessageBody(to: Conversation, message: LiveMessage | string, options: SendOptions | undefined): ClientBody {
  const target = conversationToWire(to);
  const live = typeof message === "string" ? LiveMessage.text(message) : message;
  if (!(live instanceof LiveMessage)) {
    throw LiveError.iLive(ILiveErrorCode.NullPointer, "message is not a LiveMessage");
  }

  if (live.elements.length === 0) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "the message has no elements");
  }

  live.clientMessageId ??= randomHexId();
  return {
    case: "sendMessage",
    value: { to: target, elements: live.elements.map(elementToWire), clientMessageId: live.clientMessageId, onlineOnly: options?.onlineOnly ?? false },
  };
}

export function sentFromWire(sent: ServerBodyValue<"sent">): SentMessage {
  return { messageId: sent.messageId, seq: Number(sent.seq), sentAt: new Date(Number(sent.sentAtMs)), duplicate: sent.duplicate };
}

/** The `getMessages` body (8021 for a count outside 1-100). */
export function getMessagesBody(conversation: Conversation, options: { count?: number; beforeSeq?: number } | undefined): ClientBody {
  const count = options?.count ?? 20;
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw LiveError.iLive(ILiveErrorCode.InvalidParam, "count must be 1 to 100");
  }

  return { case: "getMessages", value: { conversation: conversationToWire(conversation), count, beforeSeq: BigInt(options?.beforeSeq ?? 0) } };
}

export function unreadFromWire(counts: ServerBodyValue<"unread">): UnreadCount[] {
  return counts.counts.map((count) => ({
    conversation: conversationFromWire(count.conversation),
    unread: Number(count.unread),
    lastSeq: Number(count.lastSeq),
  }));
}
