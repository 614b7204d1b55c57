using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Server.Apps;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// The permission bits a user enters a room with, the same for SDK sessions and WHIP/WHEP: the role's bits, replaced by
/// the privateMapKey's when one is presented or the app requires one, narrowed by what the client asks for; creating
/// needs CREATE_ROOM, joining JOIN_ROOM (10003 otherwise).
/// </summary>
internal static class RoomGrants
{
    /// <summary>The privateMapKey's bits when one is presented or the app requires one; null when neither.</summary>
    /// <exception cref="LiveException">10003 when a required key is missing or a key is refused.</exception>
    public static uint? KeyBits(AppRecord app, UserSigVerifier verifier, string userId, string? privateMapKey, RoomName name)
    {
        if (!app.RequirePrivateMapKey && string.IsNullOrEmpty(privateMapKey))
        {
            return null;
        }

        return string.IsNullOrEmpty(privateMapKey)
            ? throw new LiveException(AVErrorCode.ServerNoPermission, $"app {app.SdkAppId} requires a privateMapKey to enter rooms")
            : VerifyPrivateMapKey(verifier, userId, privateMapKey, name);
    }

    /// <summary>The privilege map of a privateMapKey issued to <paramref name="userId"/> for room <paramref name="name"/>.</summary>
    /// <exception cref="LiveException">10003 when the key is malformed, expired, or for another user, app or room.</exception>
    public static uint VerifyPrivateMapKey(UserSigVerifier verifier, string userId, string privateMapKey, RoomName name)
    {
        var verification = name.Text is null
            ? verifier.VerifyPrivateMapKey(userId, privateMapKey, name.Number)
            : verifier.VerifyPrivateMapKey(userId, privateMapKey, name.Text);
        return verification.IsValid
            ? verification.PrivateMapKey!.PrivilegeMap & (uint)AuthBits.All
            : throw new LiveException(AVErrorCode.ServerNoPermission, $"privateMapKey refused: {verification.Detail}");
    }

    /// <summary>
    /// The bits granted under <paramref name="ceiling"/> (the role's or the key's) for <paramref name="requested"/> bits
    /// (0 or all ones: everything allowed).
    /// </summary>
    /// <exception cref="LiveException">10003 without CREATE_ROOM for creating or JOIN_ROOM for joining.</exception>
    public static uint Grant(uint ceiling, ulong requested, bool creating)
    {
        var bits = requested is 0 or ulong.MaxValue ? ceiling : (uint)(requested & (ulong)AuthBits.All) & ceiling;
        var needed = creating ? AuthBits.CreateRoom : AuthBits.JoinRoom;
        return (bits & (uint)needed) != 0
            ? bits
            : throw new LiveException(AVErrorCode.ServerNoPermission, $"{(creating ? "creating" : "joining")} a room needs the {needed} bit; granted 0x{bits:X2}");
    }
}
