using System.Net;

namespace OpenLive.Cli.Load;

/// <summary>Everything <c>openlive load</c> was told, checked (the command's options, parsed).</summary>
/// <param name="AppId">The sdkAppId the members' userSigs are issued for.</param>
/// <param name="Key">The app's secret key: userSigs and privateMapKeys are signed here, as an app's backend would.</param>
/// <param name="RoomNumber">The numeric room id, or 0 for a string room.</param>
/// <param name="RoomText">The string room id, or null for a numeric room.</param>
/// <param name="UserPrefix">Users are {prefix}_host, {prefix}_cohost{i}, {prefix}_viewer{i}.</param>
/// <param name="Members">The --member specs, in order.</param>
/// <param name="ChatInterval">How often each member sends a room message; null for none.</param>
/// <param name="Duration">How long to run once every member is in; null until SIGTERM/SIGINT.</param>
/// <param name="MediaAddress">The address the members' media sockets bind; null for the SDK's choice (the route to the server).</param>
/// <param name="ReportInterval">How often each member reports what it received.</param>
/// <param name="JoinTimeout">How long a member other than the host waits for the room to exist.</param>
internal sealed record LoadSettings(
    uint AppId,
    string Key,
    uint RoomNumber,
    string? RoomText,
    string UserPrefix,
    IReadOnlyList<LoadMemberSpec> Members,
    TimeSpan? ChatInterval,
    TimeSpan? Duration,
    IPAddress? MediaAddress,
    TimeSpan ReportInterval,
    TimeSpan JoinTimeout)
{
    /// <summary>The room as the SDK takes it.</summary>
    public Sdk.Rooms.LiveRoomId Room => RoomText is null ? Sdk.Rooms.LiveRoomId.FromNumber(RoomNumber) : Sdk.Rooms.LiveRoomId.FromString(RoomText);

    /// <summary>The room as printed.</summary>
    public string RoomName => RoomText ?? RoomNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
