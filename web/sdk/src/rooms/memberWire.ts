import type { Member } from "../gen/protocol.js";
import { authBitsFromWire } from "./AuthBits.js";
import type { LiveMember } from "./LiveMember.js";

/** The SDK's form of a wire member. */
export function memberFromWire(member: Member): LiveMember {
  return Object.freeze({
    userId: member.userId,
    tinyId: member.tinyId,
    controlRole: member.controlRole,
    authBits: authBitsFromWire(member.authBits),
    hasCameraVideo: member.hasCameraVideo,
    hasAudio: member.hasAudio,
    hasScreenVideo: member.hasScreenVideo,
    hasMediaVideo: member.hasMediaVideo,
    joinedAt: new Date(Number(member.joinedAtMs)),
    mutedUntil: member.mutedUntilMs === 0n ? undefined : new Date(Number(member.mutedUntilMs)),
    autoCamera: member.preferences?.autoCamera ?? false,
    autoMic: member.preferences?.autoMic ?? false,
  });
}
