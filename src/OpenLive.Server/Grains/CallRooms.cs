using System.Globalization;

namespace OpenLive.Server.Grains;

/// <summary>
/// Where a call lives: its grain key and its room's. A call's room key is <c>{sdkAppId}/c/{callId}</c>, a namespace no
/// client room id maps to (numeric rooms are <c>/n/</c>, string rooms <c>/s/</c>), so only the call service enters it,
/// after the call grain let the user in. Its text id <c>call-{callId}</c> is what clients see; its IM group id holds a
/// space, which no string room id may, so no other room shares the call's chat.
/// </summary>
public static class CallRooms
{
    /// <summary>The call grain's key.</summary>
    public static string CallKey(uint sdkAppId, ulong callId) => string.Create(CultureInfo.InvariantCulture, $"{sdkAppId}/{callId}");

    /// <summary>The call room's grain key.</summary>
    public static string RoomKey(uint sdkAppId, ulong callId) => string.Create(CultureInfo.InvariantCulture, $"{sdkAppId}/c/{callId}");

    /// <summary>The call room's name: text id <c>call-{callId}</c>, its IM group, the call id.</summary>
    public static RoomName RoomName(ulong callId) =>
        new(0, string.Create(CultureInfo.InvariantCulture, $"call-{callId}"), string.Create(CultureInfo.InvariantCulture, $"call {callId}"), callId);

    /// <summary>The call grain key of a call room's key, or null for any other room.</summary>
    public static string? CallKeyOfRoom(string roomKey)
    {
        var (app, rest) = GrainKeys.Split(roomKey);
        return rest.StartsWith("c/", StringComparison.Ordinal) && ulong.TryParse(rest.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var callId)
            ? CallKey(app, callId)
            : null;
    }
}
