import type { Message } from "../gen/protocol.js";
import { LiveCommandIds } from "../im/LiveCommand.js";
import { ReceivedMessage } from "../im/ReceivedMessage.js";
import type { LiveRoom } from "../rooms/LiveRoom.js";
import type { SignalingConnection } from "../signaling/SignalingConnection.js";
import { RecentIds } from "./RecentIds.js";

/**
 * Received messages: each raised once (a C2C message can come live and again from the inbox at the next login), room
 * group messages and the server's co-host live commands passed to the room, and inbox deliveries acknowledged after the app's
 * listeners ran, so a message the app never saw is delivered again at the next login.
 */
export class IncomingMessages {
  readonly #recentIds = new RecentIds();
  readonly #raise: (message: ReceivedMessage) => void;
  readonly #requestTimeoutMs: number;

  constructor(raise: (message: ReceivedMessage) => void, requestTimeoutMs: number) {
    this.#raise = raise;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  /** A Message push on `connection`, while in `room` (if any). */
  receive(connection: SignalingConnection, message: Message, room: LiveRoom | undefined): void {
    if (this.#recentIds.firstSighting(message.messageId)) {
      const received = new ReceivedMessage(message);
      this.#raise(received);
      if (room !== undefined) {
        // Co-host events come only from the server's own commands (server_command): another client's message shaped
        // like one is just a message (the server refuses those anyway; the mark makes the SDK independent of that).
        const command = message.serverCommand && received.conversation.userId !== undefined ? received.command : undefined;
        if (command !== undefined && ((command.userAction >= LiveCommandIds.Invite && command.userAction <= LiveCommandIds.Reject) || command.userAction === LiveCommandIds.InviteExpired)) {
          room.handleLiveCommand(received.sender, command.userAction);
        } else if (received.conversation.groupId === room.groupId) {
          room.handleMessage(received);
        }
      }
    }

    if (message.inboxSeq > 0n && connection.isOpen) {
      connection.request({ case: "ackInbox", value: { inboxSeq: message.inboxSeq } }, "ok", this.#requestTimeoutMs).catch(() => undefined);
    }
  }
}
