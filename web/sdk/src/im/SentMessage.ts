import type { Conversation } from "./Conversation.js";

/** The server's answer to a send. */
export interface SentMessage {
  /** The message id. */
  readonly messageId: string;
  /** Its position in the conversation (0 for online-only). */
  readonly seq: number;
  /** When the server stored it. */
  readonly sentAt: Date;
  /** True when a retry with the same client message id found it already stored. */
  readonly duplicate: boolean;
}

/** Unread messages of a conversation. */
export interface UnreadCount {
  /** The conversation. */
  readonly conversation: Conversation;
  /** Messages from others after this user's read mark. */
  readonly unread: number;
  /** The conversation's newest sequence number. */
  readonly lastSeq: number;
}

/** How to send a message. */
export interface SendOptions {
  /** Deliver to connected receivers only and never store (iLiveSDK's online messages: likes, live commands). */
  readonly onlineOnly?: boolean;
}
