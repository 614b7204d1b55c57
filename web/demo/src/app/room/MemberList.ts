import type { LiveMember } from "@openlive/sdk";
import { h, hueOf, initials, replaceChildren } from "../../shared/dom.js";
import { isOnStage, roleLabel } from "./roles.js";

/** What the host can do with a member. */
export interface MemberActions {
  invite(userId: string): void;
  cancelInvite(userId: string): void;
  kick(userId: string): void;
}

/** The members, host and co-hosts first; the host gets invite / cancel / remove buttons. */
export class MemberList {
  readonly element: HTMLElement;
  readonly #actions: MemberActions;

  constructor(actions: MemberActions) {
    this.#actions = actions;
    this.element = h("ul", { class: "members", attrs: { "data-testid": "members" } });
  }

  render(members: ReadonlyMap<string, LiveMember>, ownerUserId: string, selfUserId: string, amHost: boolean, invited: ReadonlySet<string>): void {
    const sorted = [...members.values()].sort((a, b) =>
      Number(b.userId === ownerUserId) - Number(a.userId === ownerUserId)
      || Number(isOnStage(b, ownerUserId)) - Number(isOnStage(a, ownerUserId))
      || a.userId.localeCompare(b.userId));
    replaceChildren(this.element, ...sorted.map((member) => {
      const label = roleLabel(member, ownerUserId);
      const actions = h("div", { class: "member-actions" });
      if (amHost && member.userId !== selfUserId) {
        if (!isOnStage(member, ownerUserId)) {
          actions.append(invited.has(member.userId)
            ? h("button", { class: "ghost small", text: "Cancel invite", attrs: { "data-testid": "cancel-invite" }, on: { click: () => this.#actions.cancelInvite(member.userId) } })
            : h("button", { class: "secondary small", text: "Invite to co-host", attrs: { "data-testid": "invite" }, on: { click: () => this.#actions.invite(member.userId) } }));
        }

        actions.append(h("button", { class: "ghost small danger", text: "Remove", attrs: { "data-testid": "kick", "aria-label": `Remove ${member.userId}` }, on: { click: () => this.#actions.kick(member.userId) } }));
      }

      return h("li", { class: "member", dataset: { user: member.userId, role: label.toLowerCase() }, attrs: { "data-testid": "member" } },
        h("span", { class: "avatar", text: initials(member.userId), attrs: { style: `--hue:${hueOf(member.userId)}` } }),
        h("span", { class: "member-name", text: member.userId === selfUserId ? `${member.userId} (you)` : member.userId }),
        h("span", { class: "badge role", dataset: { role: label.toLowerCase() }, text: label }),
        member.hasCameraVideo ? h("span", { class: "media-icon", title: "Camera on", text: "◉" }) : null,
        actions);
    }));
  }
}
