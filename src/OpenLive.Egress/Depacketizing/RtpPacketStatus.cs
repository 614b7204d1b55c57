namespace OpenLive.Egress.Depacketizing;

/// <summary>What <see cref="RtpDepacketizer.Push"/> did with one RTP packet. Never an exception: the bytes come from the network.</summary>
public enum RtpPacketStatus
{
    /// <summary>Taken into the reorder window (it may already have completed a frame).</summary>
    Accepted,

    /// <summary>Not a well-formed RTP packet (header, CSRCs, extension or padding do not fit).</summary>
    Malformed,

    /// <summary>Longer than <see cref="RtpDepacketizerOptions.MaxPacketBytes"/>: dropped.</summary>
    TooLarge,

    /// <summary>Older than the frames already handed on (a retransmission that came too late): dropped.</summary>
    Late,

    /// <summary>A copy of a packet already in the window (a NACK answered twice, a duplicated datagram): dropped.</summary>
    Duplicate,

    /// <summary>The depacketizer was disposed.</summary>
    Disposed,
}
