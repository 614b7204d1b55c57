namespace OpenLive.Rtc.Dtls;

/// <summary>Why a connected DTLS association ended.</summary>
public enum DtlsCloseReason
{
    /// <summary>We called <see cref="DtlsTransport.Close"/> or <see cref="DtlsTransport.Dispose"/>; close_notify was sent.</summary>
    Local,

    /// <summary>The peer sent close_notify (and we answered with ours).</summary>
    PeerCloseNotify,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerFatalAlert,

    /// <summary>The DTLS layer failed locally (e.g. an internal error in BouncyCastle).</summary>
    Error,
}

/// <summary>Data for <see cref="DtlsTransport.Closed"/>.</summary>
/// <param name="reason">Why the association ended.</param>
/// <param name="alert">The alert description received, when <paramref name="reason"/> is <see cref="DtlsCloseReason.PeerFatalAlert"/>.</param>
public sealed class DtlsClosedEventArgs(DtlsCloseReason reason, byte? alert) : EventArgs
{
    /// <summary>Why the association ended.</summary>
    public DtlsCloseReason Reason { get; } = reason;

    /// <summary>The fatal alert's description, when the peer sent one.</summary>
    public byte? Alert { get; } = alert;
}
