namespace OpenLive.Core.Auth;

/// <summary>
/// The decoded fields of a TLS-Sig v2 ticket. Decoding proves nothing: only <see cref="UserSigVerifier"/> says a ticket is authentic.
/// </summary>
public sealed class UserSigTicket
{
    internal UserSigTicket(string? version, string identifier, ulong sdkAppId, long time, long expire, byte[]? userBuf, byte[] signature)
    {
        Version = version;
        Identifier = identifier;
        SdkAppId = sdkAppId;
        Time = time;
        Expire = expire;
        UserBuf = userBuf;
        Signature = signature;
    }

    /// <summary><c>TLS.ver</c>, normally <c>"2.0"</c>; optional on the wire.</summary>
    public string? Version { get; }

    /// <summary><c>TLS.identifier</c>: the user id the ticket was issued to.</summary>
    public string Identifier { get; }

    /// <summary><c>TLS.sdkappid</c>.</summary>
    public ulong SdkAppId { get; }

    /// <summary><c>TLS.time</c>: issue time, Unix seconds.</summary>
    public long Time { get; }

    /// <summary><c>TLS.expire</c>: lifetime in seconds, relative to <see cref="Time"/>.</summary>
    public long Expire { get; }

    /// <summary><c>TLS.userbuf</c>, decoded; <see langword="null"/> when absent.</summary>
    public byte[]? UserBuf { get; }

    /// <summary><c>TLS.sig</c>, decoded: HMAC-SHA256 over the string to sign (32 bytes in a well-formed ticket).</summary>
    public byte[] Signature { get; }

    /// <summary>The instant after which the ticket is expired (Unix seconds, saturating).</summary>
    public long ExpiresAtUnixSeconds => Expire > 0 && Time > long.MaxValue - Expire ? long.MaxValue : Time + Expire;

    /// <summary>The instant after which the ticket is expired, when representable.</summary>
    public DateTimeOffset? ExpiresAt => TryToDateTime(ExpiresAtUnixSeconds);

    /// <summary>The issue instant, when representable.</summary>
    public DateTimeOffset? IssuedAt => TryToDateTime(Time);

    /// <summary>The userbuf read as a privateMapKey, when it has that layout.</summary>
    public PrivateMapKey? PrivateMapKey => UserBuf is { } buf && Auth.PrivateMapKey.TryParse(buf, out var key) ? key : null;

    /// <summary>True when the ticket's lifetime has passed at <paramref name="nowUnixSeconds"/> (the rule of Tencent's verifiers: now &gt; time + expire).</summary>
    public bool IsExpiredAt(long nowUnixSeconds) => nowUnixSeconds > ExpiresAtUnixSeconds;

    internal static DateTimeOffset? TryToDateTime(long unixSeconds) =>
        unixSeconds is >= -62135596800 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds) : null;
}
