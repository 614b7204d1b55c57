using System.Globalization;

namespace OpenLive.Cli.Load;

/// <summary>What a load member does in the room.</summary>
internal enum LoadRole
{
    /// <summary>Creates the room (LiveMaster) and publishes audio and camera.</summary>
    Host,

    /// <summary>Joins as LiveGuest (with a co-host privateMapKey) and publishes audio and camera.</summary>
    CoHost,

    /// <summary>Joins as audience (Guest) and receives.</summary>
    Viewer,
}

/// <summary>
/// One <c>--member</c> value: <c>ROLE[*COUNT]@URL[,URL…]</c>, e.g. <c>host@http://10.0.0.1:7880</c> or
/// <c>viewer*10@http://10.0.0.2:7880,http://10.0.0.3:7880</c> — so members of one run can log in to different nodes of
/// a cluster. URLs after the first are the members' fallbacks: where they reconnect when their node is lost
/// (<c>LiveClientOptions.FallbackServerUrls</c>).
/// </summary>
internal sealed record LoadMemberSpec(LoadRole Role, int Count, Uri Server, IReadOnlyList<Uri> Fallbacks)
{
    /// <summary>The most URLs one spec lists.</summary>
    public const int MaxUrls = 16;

    /// <summary>More members than this in one process would measure the machine running them, not the server.</summary>
    public const int MaxCount = 1000;

    /// <summary>Parses a spec; a usage error names what is wrong and shows the form.</summary>
    public static LoadMemberSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1)
        {
            throw Usage(text, "expected ROLE[*COUNT]@URL[,URL…]");
        }

        var head = text[..at];
        var count = 1;
        var star = head.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            if (!int.TryParse(head.AsSpan(star + 1), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount)
            {
                throw Usage(text, $"the count after '*' must be a whole number from 1 to {MaxCount}");
            }

            head = head[..star];
        }

        var role = head.ToUpperInvariant() switch
        {
            "HOST" => LoadRole.Host,
            "COHOST" or "CO-HOST" => LoadRole.CoHost,
            "VIEWER" or "AUDIENCE" => LoadRole.Viewer,
            _ => throw Usage(text, $"'{head}' is not a role: use host, cohost or viewer"),
        };

        if (role == LoadRole.Host && count != 1)
        {
            throw Usage(text, "a room has one host");
        }

        var urls = text[(at + 1)..].Split(',');
        if (urls.Length > MaxUrls)
        {
            throw Usage(text, $"at most {MaxUrls} URLs");
        }

        var servers = new List<Uri>(urls.Length);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https" or "ws" or "wss"))
            {
                throw Usage(text, $"'{url}' is not an absolute http(s) or ws(s) URL");
            }

            servers.Add(server);
        }

        return new LoadMemberSpec(role, count, servers[0], servers[1..]);
    }

    private static CliUsageException Usage(string text, string reason) =>
        new($"--member '{text}': {reason} (e.g. host@http://127.0.0.1:7880, cohost@URL, viewer*10@URL,FALLBACK-URL).");
}
