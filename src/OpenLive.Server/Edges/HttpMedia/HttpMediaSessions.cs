using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// The node's live WHIP and WHEP resources by resource id. Resources live on the node that answered their POST; a PATCH
/// or DELETE that reaches another node finds them through <see cref="IHttpMediaResourceGrain"/>.
/// </summary>
internal sealed class HttpMediaSessions
{
    private readonly ConcurrentDictionary<string, HttpMediaSession> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public void Add(HttpMediaSession session) => _byId[session.ResourceId] = session;

    public bool TryGet(string resourceId, [NotNullWhen(true)] out HttpMediaSession? session) => _byId.TryGetValue(resourceId, out session);

    public void Remove(HttpMediaSession session) => _byId.TryRemove(new KeyValuePair<string, HttpMediaSession>(session.ResourceId, session));

    /// <summary>Whether <paramref name="id"/> has the form of a resource id (32 lowercase hex digits).</summary>
    public static bool IsResourceId(string id) => id.Length == 32 && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>128 random bits from a CSPRNG in hex (RFC 9725 §5 and RFC 4086: resource URLs must not be guessable).</summary>
    public static string NewResourceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A strong entity tag (RFC 9110 §8.8.3), quoted.</summary>
    public static string NewEntityTag() => $"\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}\"";
}
