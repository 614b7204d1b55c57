using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Turn;

namespace OpenLive.Server.Application.Turn;

/// <summary>
/// Issues a logged-in user's ICE servers: STUN URLs as they are, TURN URLs with a short-lived credential in the TURN
/// REST API scheme (<see cref="TurnRestCredentials"/>) that coturn's <c>use-auth-secret</c> checks (and the embedded
/// TURN server, sharing the secret).
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
            var username = TurnRestCredentials.Username(expiresAt, userId);
            grants.Add(new IceServerGrant(turn, username, TurnRestCredentials.Password(_secret!, username)));
        }

        return grants;
    }
}
