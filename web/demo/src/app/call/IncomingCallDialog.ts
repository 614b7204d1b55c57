import { CallType, type LiveCallInvitation } from "@openlive/sdk";
import { h } from "../../shared/dom.js";

/**
 * A ringing call: who calls and how, with Accept and Decline. It goes away when answered here, or when the call stops
 * ringing elsewhere (cancelled, timed out): the owner removes it.
 */
export class IncomingCallDialog {
  readonly element: HTMLElement;
  readonly callId: bigint;

  constructor(invitation: LiveCallInvitation, onAccept: () => void, onDecline: () => void) {
    this.callId = invitation.callId;
    const accept = h("button", { class: "primary", text: "Accept", attrs: { "data-testid": "accept-call" } });
    const decline = h("button", { class: "danger", text: "Decline", attrs: { "data-testid": "decline-call" } });
    accept.addEventListener("click", () => {
      accept.disabled = decline.disabled = true;
      onAccept();
    });
    decline.addEventListener("click", () => {
      accept.disabled = decline.disabled = true;
      onDecline();
    });
    const kind = invitation.type === CallType.Audio ? "an audio call" : "a video call";
    const others = invitation.members.filter((m) => m.userId !== invitation.sponsorId).length;
    this.element = h("div", { class: "incoming-call card", attrs: { role: "dialog", "aria-live": "assertive", "data-testid": "incoming-call" }, dataset: { call: String(invitation.callId) } },
      h("h2", { text: `${invitation.sponsorId} is calling` }),
      h("p", { class: "muted", text: `${kind}${invitation.isGroup ? ` with ${others} people` : ""}${invitation.tips.length > 0 ? ` — ${invitation.tips}` : ""}` }),
      h("div", { class: "row" }, accept, decline));
  }

  remove(): void {
    this.element.remove();
  }
}
