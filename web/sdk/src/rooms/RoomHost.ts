import type { Conversation } from "../im/Conversation.js";
import type { LiveMessage } from "../im/LiveMessage.js";
import type { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { SendOptions, SentMessage } from "../im/SentMessage.js";
import type { MediaSignaling } from "../media/MediaSignaling.js";
import type { RoomEnded } from "./RoomEvents.js";

/** What a room needs from its client (the client implements it; tests can fake it). */
export interface RoomHost extends MediaSignaling {
  quitRoom(): Promise<void>;
  dismissRoom(): Promise<void>;
  sendMessage(to: Conversation, message: LiveMessage | string, options?: SendOptions): Promise<SentMessage>;
  getMessages(conversation: Conversation, options?: { count?: number; beforeSeq?: number }): Promise<ReceivedMessage[]>;
  /** The room ended without the client asking (the client raises roomDisconnected). */
  roomEnded(room: object, reason: RoomEnded): void;
}
