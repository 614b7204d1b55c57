using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One publisher packet on its way through the SFU: plain RTP (SRTP removed, RTX unwrapped), its parsed header, the
/// stream it belongs to and what was learned of it on arrival. Passed by reference from the track to every
/// subscriber, instead of a growing list of loose arguments; a view over the media thread's receive buffer, valid
/// only during the call.
/// </summary>
internal readonly ref struct IncomingPacket
{
    public IncomingPacket(IncomingStream stream, ReadOnlySpan<byte> bytes, in RtpHeader header, bool keyframeStart, int audioLevel, long receivedAt)
    {
        Stream = stream;
        Bytes = bytes;
        Header = header;
        KeyframeStart = keyframeStart;
        AudioLevel = audioLevel;
        ReceivedAt = receivedAt;
    }

    /// <summary>The publisher stream (track and simulcast layer) it arrived on.</summary>
    public IncomingStream Stream { get; }

    /// <summary>The whole plain RTP packet.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>Its parsed header.</summary>
    public RtpHeader Header { get; }

    /// <summary>Whether the payload starts a keyframe (video only): where a subscriber may start or switch layers.</summary>
    public bool KeyframeStart { get; }

    /// <summary>The RFC 6464 audio level byte the publisher sent, -1 when absent or video.</summary>
    public int AudioLevel { get; }

    /// <summary>Media-thread timestamp of its arrival.</summary>
    public long ReceivedAt { get; }

    /// <summary>The payload, after the header, extensions and before any padding.</summary>
    public ReadOnlySpan<byte> Payload => Header.GetPayload(Bytes);
}
