using System.Globalization;
using OpenLive.Core.Rooms;

namespace OpenLive.Cli.Commands;

/// <summary>Parses <c>--room</c> and <c>--privileges</c> for privateMapKeys.</summary>
internal static class RoomArgument
{
    /// <summary>A room given as digits that fit 32 bits is numeric (iLiveSDK's uint32 room); anything else, or --string-room, is a string room id.</summary>
    public static (uint Numeric, string? Text) Parse(string room, bool forceString)
    {
        if (string.IsNullOrWhiteSpace(room))
        {
            throw new CliUsageException("--room must not be empty.");
        }

        if (!forceString && uint.TryParse(room, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
        {
            if (numeric == 0)
            {
                throw new CliUsageException("--room 0 is not a room id; numeric room ids start at 1.");
            }

            return (numeric, null);
        }

        return (0, room);
    }

    /// <summary>Privileges as a number (255, 0xff), a preset (all, audience, cohost) or bit names joined by ',' or '|'.</summary>
    public static AuthBits ParsePrivileges(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && uint.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return CheckRange((AuthBits)hex, text);
        }

        if (uint.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return CheckRange((AuthBits)number, text);
        }

        var bits = AuthBits.None;
        foreach (var part in trimmed.Split([',', '|', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.Replace("_", string.Empty, StringComparison.Ordinal);
            if (name.StartsWith("AUTHBITS", StringComparison.OrdinalIgnoreCase))
            {
                name = name["AUTHBITS".Length..];
            }

            if (name.StartsWith("RECV", StringComparison.OrdinalIgnoreCase))
            {
                name = "Receive" + name[4..];
            }

            // iOS QAVSDK spelled camera video "VIDEO" and screen video "SUB".
            name = name.ToUpperInvariant() switch
            {
                "SENDVIDEO" => nameof(AuthBits.SendCameraVideo),
                "RECEIVEVIDEO" => nameof(AuthBits.ReceiveCameraVideo),
                "SENDSUB" => nameof(AuthBits.SendScreenVideo),
                "RECEIVESUB" => nameof(AuthBits.ReceiveScreenVideo),
                _ => name,
            };

            if (!Enum.TryParse<AuthBits>(name, ignoreCase: true, out var bit) || bit == AuthBits.Default)
            {
                throw new CliUsageException(
                    $"--privileges: '{part}' is not a number or a bit name. Use e.g. 255, 0xAA, all, audience, cohost, or CreateRoom,JoinRoom,SendAudio,ReceiveAudio,SendCameraVideo,ReceiveCameraVideo,SendScreenVideo,ReceiveScreenVideo.");
            }

            bits |= bit;
        }

        return CheckRange(bits, text);
    }

    private static AuthBits CheckRange(AuthBits bits, string text) =>
        bits is AuthBits.None or > AuthBits.All
            ? throw new CliUsageException($"--privileges '{text}' must set some of the eight bits 0x01-0x80 (1-255).")
            : bits;
}
