using System.Net;

namespace OpenLive.Server.Hosting;

/// <summary>Which of the HTTP listen URLs (ASP.NET Core's <c>--urls</c> syntax) other machines can reach.</summary>
internal static class ListenUrls
{
    /// <summary>The URLs, split on ';' as ASP.NET Core does.</summary>
    public static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The URLs whose host is not a loopback address: wildcards (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>),
    /// other IP addresses, and host names other than <c>localhost</c> (Kestrel binds a name it cannot parse to every
    /// interface).
    /// </summary>
    public static IEnumerable<string> NotLoopback(IEnumerable<string> urls) => urls.Where(url => !IsLoopback(url));

    private static bool IsLoopback(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var authority = start < 0 ? url : url[(start + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash < 0 ? authority : authority[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
