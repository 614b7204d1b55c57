using Google.Protobuf.Collections;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Application.LiveShow;

/// <summary>
/// The live commands only the server sends: co-host invitations, their cancellation, expiry and the invitee's answer, which the
/// room grain originates (marked <c>server_command</c> on the wire) once it has checked who may. A client's message
/// carrying one of them is refused, so that no client can make another's app believe it was invited or answered.
/// </summary>
internal static class ServerLiveCommands
{
    /// <summary>Whether <paramref name="userAction"/> is one of the commands the server originates.</summary>
    public static bool IsServerCommand(int userAction) =>
        userAction is LiveCommandIds.Invite or LiveCommandIds.InviteCancel or LiveCommandIds.Agree or LiveCommandIds.Reject or LiveCommandIds.InviteExpired;

    /// <summary>Refuses a client's message that carries a server command in any custom element.</summary>
    /// <exception cref="LiveException">10003 (AVSDK) naming the command.</exception>
    public static void RefuseFromClient(RepeatedField<MessageElement> elements)
    {
        foreach (var element in elements)
        {
            if (element.ElementCase == MessageElement.ElementOneofCase.Custom
                && LiveCommand.TryParse(element.Custom.Data.Span) is { } command
                && IsServerCommand(command.UserAction))
            {
                throw new LiveException(
                    AVErrorCode.ServerNoPermission,
                    $"live command 0x{command.UserAction:X} is sent by the server only (co-host invitations and answers go through InviteCoHost, CancelCoHostInvite and AnswerCoHostInvite)");
            }
        }
    }
}
