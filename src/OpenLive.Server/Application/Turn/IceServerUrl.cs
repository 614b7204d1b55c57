using System.Globalization;
using System.Net;

namespace OpenLive.Server.Application.Turn;

/// <summary>
/// A STUN or TURN URL as browsers take it in <c>RTCIceServer.urls</c>:
/// <code>
/// stunURI = ("stun" / "stuns") ":" host [ ":" port ]                               (RFC 7064)
/// turnURI = ("turn" / "turns") ":" host [ ":" port ] [ "?transport=" transport ]   (RFC 7065; transport udp / tcp)
/// host    = "[" IPv6 "]" / IPv4 / DNS name
/// </code>
/// Only these characters pass, so a URL is also safe between <c>&lt;</c> and <c>&gt;</c> of an HTTP <c>Link</c> header.
/// </summary>
internal readonly record struct IceServerUrl(string Value, bool IsTurn)
{
    private const int MaxLength = 256;

    public static bool TryParse(string? text, out IceServerUrl url, [NotNullWhen(false)] out string? problem)
    {
        url = default;
        if (string.IsNullOrEmpty(text))
        {
            problem = "is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : text[..colon];
        var isTurn = scheme is "turn" or "turns";
        if (!isTurn && scheme is not ("stun" or "stuns"))
        {
            problem = $"\"{text}\" is not a turn:, turns:, stun: or stuns: URL (e.g. turn:turn.example.com:3478?transport=udp)";
            return false;
        }

        var rest = text[(colon + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var transport = rest[(query + 1)..];
            if (!isTurn || transport is not ("transport=udp" or "transport=tcp"))
            {
                problem = $"\"{text}\": only turn:/turns: URLs take a query, and only ?transport=udp or ?transport=tcp (RFC 7065)";
                return false;
            }

            rest = rest[..query];
        }

        if (!TrySplitHostPort(rest, out var host, out var port) || !IsHost(host) || (port is not null && !IsPort(port)))
        {
            problem = $"\"{text}\" needs a host (DNS name, IPv4, or [IPv6]) and optionally :port (1-65535) after the scheme";
            return false;
        }

        url = new IceServerUrl(text, isTurn);
        problem = null;
        return true;
    }

    private static bool TrySplitHostPort(string authority, out string host, out string? port)
    {
        port = null;
        host = authority;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = authority[..(close + 1)];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                port = after[1..];
            }

            return true;
        }

        var colon = authority.LastIndexOf(':');
        if (colon >= 0)
        {
            host = authority[..colon];
            port = authority[(colon + 1)..];
        }

        return true;
    }

    private static bool IsHost(string host)
    {
        if (host.StartsWith('['))
        {
            return host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        if (host.Length is 0 or > 253 || host.StartsWith('.') || host.StartsWith('-') || host.EndsWith('-'))
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPort(string port) =>
        port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)
        && int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and <= 65535;
}
