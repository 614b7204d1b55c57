using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Receives one RTP packet: <paramref name="packet"/> is the plain packet (SRTP removed, RTX unwrapped to the
/// original SSRC, payload type and sequence number) and <paramref name="header"/> its parsed header. Both are only
/// valid during the call: copy what must outlive it. Called on the connection's receive thread; must not block.
/// </summary>
public delegate void RtpPacketHandler(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet);

/// <summary>The peer asked for a keyframe on one of our streams (PLI, RFC 4585 §6.3.1, or FIR, RFC 5104 §4.3.1).</summary>
public sealed class RtcKeyframeRequestedEventArgs(RtcTransceiver transceiver, int layer, bool fullIntraRequest) : EventArgs
{
    /// <summary>The transceiver whose stream is asked for.</summary>
    public RtcTransceiver Transceiver { get; } = transceiver;

    /// <summary>The simulcast layer (0 without simulcast).</summary>
    public int Layer { get; } = layer;

    /// <summary>True for a FIR, false for a PLI.</summary>
    public bool FullIntraRequest { get; } = fullIntraRequest;
}

/// <summary>An <see cref="RtcClientConnection"/> ended.</summary>
public sealed class RtcClosedEventArgs(RtcConnectionState state, string reason) : EventArgs
{
    /// <summary><see cref="RtcConnectionState.Closed"/> or <see cref="RtcConnectionState.Failed"/>.</summary>
    public RtcConnectionState State { get; } = state;

    /// <summary>Why, for logs.</summary>
    public string Reason { get; } = reason;
}

/// <summary>An <see cref="RtcClientConnection"/> failed or closed before it connected.</summary>
public sealed class RtcConnectionException : Exception
{
    /// <summary>An exception without details.</summary>
    public RtcConnectionException()
    {
    }

    /// <summary>An exception saying why.</summary>
    public RtcConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>An exception saying why, with the cause.</summary>
    public RtcConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
