import type { Conversation as WireConversation } from "../gen/protocol.js";
import { ILiveErrorCode } from "../gen/errors.js";
import { LiveError } from "../errors/LiveError.js";
import type { Conversation } from "./Conversation.js";

/** The wire form; 8005/8021 for a conversation that names nobody. */
export function conversationToWire(conversation: Conversation): { target: { case: "userId"; value: string } | { case: "groupId"; value: string } } {
  if (conversation === null || conversation === undefined) {
    throw LiveError.iLive(ILiveErrorCode.NullPointer, "the conversation is null");
  }

  if (typeof conversation.userId === "string" && conversation.userId.length > 0) {
    return { target: { case: "userId", value: conversation.userId } };
  }

  if (typeof conversation.groupId === "string" && conversation.groupId.length > 0) {
    return { target: { case: "groupId", value: conversation.groupId } };
  }

  throw LiveError.iLive(ILiveErrorCode.InvalidParam, "the conversation names no user and no group");
}

/** The SDK's form of a wire conversation. */
export function conversationFromWire(conversation: WireConversation | undefined): Conversation {
  return conversation?.target.case === "groupId"
    ? { groupId: conversation.target.value }
    : { userId: conversation?.target.case === "userId" ? conversation.target.value : "" };
}
