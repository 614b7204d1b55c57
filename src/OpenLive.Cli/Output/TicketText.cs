using System.Globalization;
using OpenLive.Core.Auth;

namespace OpenLive.Cli.Output;

/// <summary>Human-readable ticket fields.</summary>
internal static class TicketText
{
    public static void WriteSummary(TextWriter output, UserSigTicket ticket, PrivateMapKey? key)
    {
        output.WriteLine($"  user:     {ticket.Identifier}");
        output.WriteLine($"  app:      {ticket.SdkAppId}");
        output.WriteLine($"  issued:   {Format(ticket.IssuedAt)} (TLS.time {ticket.Time})");
        output.WriteLine($"  expires:  {Format(ticket.ExpiresAt)} (TLS.expire {ticket.Expire} s)");
        key ??= ticket.PrivateMapKey;
        if (key is not null)
        {
            var room = key.RoomString is null ? key.RoomId.ToString(CultureInfo.InvariantCulture) : $"\"{key.RoomString}\"";
            output.WriteLine($"  room:     {room}");
            output.WriteLine($"  privileges: 0x{key.PrivilegeMap:X2} ({key.Privileges})");
            output.WriteLine($"  room key expires: {Format(DateTimeOffset.FromUnixTimeSeconds(key.ExpiresAtUnixSeconds))}");
        }
    }

    private static string Format(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "(out of range)";
}
