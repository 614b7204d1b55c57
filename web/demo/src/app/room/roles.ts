import type { LiveMember, LiveRoomOptions } from "@openlive/sdk";

/** The server's default roles (Suixinbo's): host, co-host, audience. */
export const Roles = {
  Host: "LiveMaster",
  CoHost: "LiveGuest",
  Audience: "Guest",
} as const;

/** How the audience enters: receive only, every member's camera video requested automatically. */
export function audienceOptions(): LiveRoomOptions {
  return { controlRole: Roles.Audience, autoRequestCamera: true, autoRequestScreen: true };
}

/** The badge a member wears. */
export function roleLabel(member: Pick<LiveMember, "userId" | "controlRole">, ownerUserId: string): string {
  if (member.userId === ownerUserId || member.controlRole === Roles.Host) {
    return "Host";
  }

  return member.controlRole === Roles.CoHost ? "Co-host" : "Viewer";
}

/** True for members on stage (the host and co-hosts). */
export function isOnStage(member: Pick<LiveMember, "userId" | "controlRole">, ownerUserId: string): boolean {
  return member.userId === ownerUserId || member.controlRole === Roles.Host || member.controlRole === Roles.CoHost;
}
