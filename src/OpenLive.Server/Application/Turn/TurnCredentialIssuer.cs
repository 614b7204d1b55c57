using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Turn;

/// <summary>
/// Issues a logged-in user's ICE servers: STUN URLs as they are, TURN URLs with a short-lived credential in the TURN
/// REST API scheme that coturn's <c>use-auth-secret</c> checks (and the embedded TURN server, sharing the secret):
/// <code>
/// username   = "&lt;expiry, unix seconds&gt;:&lt;userId, percent-encoded&gt;"     e.g. "1767225600:alice"
/// credential = base64(HMAC-SHA1(secret, username))
/// </code>
/// The user id is percent-encoded (RFC 3986 unreserved characters stay) so the username is ASCII: safe in STUN's
/// USERNAME, in a quoted <c>Link</c> header attribute and in coturn's log, whatever the id's script. coturn reads the
/// expiry before the first ':' and refuses a username whose expiry has passed.
/// </summary>
internal sealed class TurnCredentialIssuer
{
    private readonly IIceServerSource[] _sources;
    private readonly byte[]? _secret;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public TurnCredentialIssuer(
        IOptions<TurnOptions> options,
        IEnumerable<IIceServerSource> sources,
        [FromKeyedServices(ServerClock.Key)] TimeProvider time,
        ILogger<TurnCredentialIssuer> logger)
    {
        _sources = [.. sources];
        _secret = options.Value.ResolveSecret() is { Length: > 0 } secret ? Encoding.UTF8.GetBytes(secret) : null;
        _lifetime = options.Value.CredentialLifetime;
        _time = time;
        var configured = options.Value.Urls.Count;
        if (configured > 0)
        {
            TurnLog.Configured(logger, configured, _lifetime, _secret is not null);
        }
    }

    /// <summary>The ICE servers for <paramref name="userId"/>: none when nothing is configured.</summary>
    public IReadOnlyList<IceServerGrant> Issue(string userId)
    {
        List<string>? stun = null;
        List<string>? turn = null;
        foreach (var source in _sources)
        {
            foreach (var text in source.Urls)
            {
                if (!IceServerUrl.TryParse(text, out var url, out _))
                {
                    continue; // A source's URLs are checked where it is configured; a bad one is never handed out.
                }

                if (!url.IsTurn)
                {
                    (stun ??= []).Add(url.Value);
                }
                else if (_secret is not null)
                {
                    (turn ??= []).Add(url.Value);
                }
            }
        }

        var grants = new List<IceServerGrant>(2);
        if (stun is not null)
        {
            grants.Add(new IceServerGrant(stun, null, null));
        }

        if (turn is not null)
        {
            var expiresAt = _time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
            var username = Username(expiresAt, userId);
            grants.Add(new IceServerGrant(turn, username, Credential(_secret!, username)));
        }

        return grants;
    }

    /// <summary>The REST-scheme username: expiry, ':', the user id percent-encoded.</summary>
    public static string Username(long expiresAtUnixSeconds, string userId) =>
        expiresAtUnixSeconds.ToString(CultureInfo.InvariantCulture) + ":" + Uri.EscapeDataString(userId);

    /// <summary>base64(HMAC-SHA1(secret, username)): what coturn computes from its static-auth-secret.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "The TURN REST API scheme is HMAC-SHA1 by definition; coturn computes exactly this.")]
    public static string Credential(ReadOnlySpan<byte> secret, string username)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, Encoding.UTF8.GetBytes(username), mac);
        return Convert.ToBase64String(mac);
    }
}
