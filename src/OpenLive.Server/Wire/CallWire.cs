using Google.Protobuf;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Wire;

/// <summary>Calls on the wire (calls.proto): views, invitations, and the CallEvent pushes the call grain sends, serialized once.</summary>
internal static class CallWire
{
    public static CallState State(CallView view, RoomState? room)
    {
        var state = new CallState { CallId = view.CallId, CallType = (CallType)view.Kind, SponsorUserId = view.SponsorUserId, Group = view.Group, Room = room };
        state.Members.Add(view.Members.Select(Member));
        return state;
    }

    public static CallMember Member(CallParticipant participant) => new() { UserId = participant.UserId, State = (CallMemberState)participant.Status };

    public static CallInvitation Invitation(CallInvitationInfo invitation)
    {
        var wire = new CallInvitation
        {
            CallId = invitation.Call.CallId,
            CallType = (CallType)invitation.Call.Kind,
            SponsorUserId = invitation.Call.SponsorUserId,
            InviterUserId = invitation.InviterUserId,
            Tips = invitation.Tips,
            CustomData = ByteString.CopyFrom(invitation.CustomData),
            RingUntilMs = invitation.RingUntil.ToUnixTimeMilliseconds(),
            Group = invitation.Call.Group,
        };
        wire.Members.Add(invitation.Call.Members.Select(Member));
        return wire;
    }

    public static byte[] IncomingFrame(CallInvitationInfo invitation) =>
        Frame(new CallEvent { CallId = invitation.Call.CallId, Incoming = Invitation(invitation) });

    public static byte[] EstablishedFrame(CallView view) =>
        Frame(new CallEvent { CallId = view.CallId, Established = State(view, room: null) });

    public static byte[] MemberFrame(ulong callId, CallParticipant participant) =>
        Frame(new CallEvent { CallId = callId, Member = Member(participant) });

    public static byte[] EndedFrame(ulong callId, CallEnd code, string info, string? byUserId) =>
        Frame(new CallEvent { CallId = callId, Ended = new CallEnded { Code = (CallEndCode)code, Info = info, ByUserId = byUserId ?? string.Empty } });

    private static byte[] Frame(CallEvent push) => new ServerFrame { CallEvent = push }.ToByteArray();
}
