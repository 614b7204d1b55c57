import type { CallInvitation, CallMember } from "../gen/protocol.js";
import type { CallEndCode, CallMemberState, CallType, LiveCallInvitation, LiveCallMember, CallEnded } from "./callTypes.js";

export function callMemberFromWire(member: CallMember): LiveCallMember {
  return { userId: member.userId, state: member.state as number as CallMemberState };
}

export function invitationFromWire(invitation: CallInvitation): LiveCallInvitation {
  return {
    callId: invitation.callId,
    type: invitation.callType as number as CallType,
    sponsorId: invitation.sponsorUserId,
    inviterId: invitation.inviterUserId,
    members: invitation.members.map(callMemberFromWire),
    tips: invitation.tips,
    customData: invitation.customData,
    ringUntil: new Date(Number(invitation.ringUntilMs)),
    isGroup: invitation.group,
  };
}

export function ended(callId: bigint, code: number, info: string, byUserId: string | undefined): CallEnded {
  return { callId, code: code as CallEndCode, info, byUserId: byUserId !== undefined && byUserId.length > 0 ? byUserId : undefined };
}
