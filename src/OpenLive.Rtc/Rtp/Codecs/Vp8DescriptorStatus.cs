namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>What <see cref="Vp8Descriptor.Read"/> made of a VP8 RTP payload.</summary>
public enum Vp8DescriptorStatus
{
    /// <summary>A whole descriptor followed by at least one byte of VP8 data.</summary>
    Ok,

    /// <summary>The payload is empty.</summary>
    Empty,

    /// <summary>The payload ends inside the descriptor (an X, I, M, L or T/K bit announces a byte that is missing).</summary>
    Truncated,

    /// <summary>
    /// The descriptor is whole but no VP8 data follows it: RFC 7741 §4.1 packets always carry some of the frame, so
    /// this is a malformed packet (the descriptor's fields are still read).
    /// </summary>
    NoPayload,
}
