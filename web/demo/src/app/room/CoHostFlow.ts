import type { LiveRoom } from "@openlive/sdk";
import { openDialog, type OpenDialog } from "../../shared/dialog.js";
import { toastError, toastInfo } from "../../shared/toasts.js";
import type { MemberActions } from "./MemberList.js";
import { Roles } from "./roles.js";

/** What the room screen hears from the co-host flow. */
export interface CoHostEvents {
  /** Invitations or roles changed: re-render. */
  changed(): void;
  /** This member accepted and is a co-host now: camera and microphone on. */
  becameCoHost(): Promise<void>;
}

/**
 * iLiveSDK's live show (TILLiveManager): the host invites a viewer, the viewer accepts (its role becomes LiveGuest and
 * its camera goes on for everyone) or declines; the host can withdraw the invitation or remove a member.
 */
export class CoHostFlow implements MemberActions {
  readonly invited = new Set<string>();
  readonly #room: LiveRoom;
  readonly #events: CoHostEvents;
  readonly #unsubscribe: (() => void)[];
  #dialog: OpenDialog | undefined;

  constructor(room: LiveRoom, events: CoHostEvents) {
    this.#room = room;
    this.#events = events;
    this.#unsubscribe = [
      room.on("coHostInvited", ({ userId }) => this.#invitedBy(userId)),
      room.on("coHostInviteCanceled", ({ userId }) => {
        this.#dialog?.close();
        this.#dialog = undefined;
        toastInfo(`${userId} withdrew the invitation`);
      }),
      room.on("coHostAnswered", ({ userId, accepted }) => {
        this.invited.delete(userId);
        toastInfo(accepted ? `${userId} accepted: co-hosting now` : `${userId} declined the invitation`);
        this.#events.changed();
      }),
    ];
  }

  invite(userId: string): void {
    this.#room.inviteCoHost(userId).then(() => {
      this.invited.add(userId);
      toastInfo(`Invitation sent to ${userId}`);
      this.#events.changed();
    }, (error: unknown) => toastError(`Inviting ${userId}`, error));
  }

  cancelInvite(userId: string): void {
    this.#room.cancelCoHostInvite(userId).then(() => {
      this.invited.delete(userId);
      this.#events.changed();
    }, (error: unknown) => toastError(`Withdrawing the invitation to ${userId}`, error));
  }

  kick(userId: string): void {
    openDialog(`Remove ${userId}?`, `${userId} leaves the live and sees that you removed them.`, [
      { label: "Remove", testId: "confirm-kick", kind: "danger", action: () => {
        this.#room.kickMember(userId, "removed by the host").catch((error: unknown) => toastError(`Removing ${userId}`, error));
      } },
      { label: "Cancel", testId: "cancel-kick", kind: "ghost", action: () => undefined },
    ], "kick-dialog");
  }

  /** The member left: its invitation lapses. */
  forget(userId: string): void {
    if (this.invited.delete(userId)) {
      this.#events.changed();
    }
  }

  /** Asks the host before ending the live for everyone. */
  confirmEnd(end: () => void): void {
    openDialog("End the live?", "Everyone watching sees that the live has ended.", [
      { label: "End live", testId: "confirm-end", kind: "danger", action: end },
      { label: "Keep going", testId: "cancel-end", kind: "ghost", action: () => undefined },
    ], "end-dialog");
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) {
      unsubscribe();
    }

    this.#dialog?.close();
  }

  #invitedBy(host: string): void {
    this.#dialog?.close();
    this.#dialog = openDialog(`${host} invites you to co-host`, "Accept and your camera and microphone go live for everyone in the room.", [
      { label: "Accept", testId: "accept-invite", kind: "primary", action: () => void this.#accept() },
      { label: "Decline", testId: "decline-invite", kind: "ghost", action: () => {
        this.#room.rejectCoHostInvite().catch((error: unknown) => toastError("Declining the invitation", error));
      } },
    ], "invite-dialog");
  }

  async #accept(): Promise<void> {
    this.#dialog = undefined;
    try {
      await this.#room.acceptCoHostInvite(Roles.CoHost);
    } catch (error) {
      toastError("Accepting the invitation", error);
      return;
    }

    this.#events.changed();
    await this.#events.becameCoHost();
  }
}
