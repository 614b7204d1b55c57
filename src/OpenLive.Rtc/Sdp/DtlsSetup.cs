namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=setup</c>: which side opens the DTLS association (RFC 4145 §4, as used for DTLS by RFC 8842 §5).
/// <code>
/// setup-attr = "a=setup:" role
/// role       = "active" / "passive" / "actpass" / "holdconn"
/// </code>
/// </summary>
public enum DtlsSetup
{
    /// <summary><c>actpass</c>: either role; what offers carry (RFC 8842 §5.2).</summary>
    ActPass,

    /// <summary><c>active</c>: this side is the DTLS client.</summary>
    Active,

    /// <summary><c>passive</c>: this side is the DTLS server.</summary>
    Passive,

    /// <summary><c>holdconn</c>: no connection for now.</summary>
    HoldConn,
}

/// <summary>Maps <see cref="DtlsSetup"/> to and from its SDP token.</summary>
public static class DtlsSetupTokens
{
    /// <summary>The SDP token of a setup role.</summary>
    public static string ToToken(this DtlsSetup setup) => setup switch
    {
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        DtlsSetup.HoldConn => "holdconn",
        _ => "actpass",
    };

    internal static bool TryParse(ReadOnlySpan<char> token, out DtlsSetup setup)
    {
        switch (token)
        {
            case "actpass":
                setup = DtlsSetup.ActPass;
                return true;
            case "active":
                setup = DtlsSetup.Active;
                return true;
            case "passive":
                setup = DtlsSetup.Passive;
                return true;
            case "holdconn":
                setup = DtlsSetup.HoldConn;
                return true;
            default:
                setup = default;
                return false;
        }
    }
}
