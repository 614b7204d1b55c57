namespace OpenLive.Egress.Recording;

/// <summary>
/// The first byte of each record a <see cref="RecordingTrackFeed"/> puts in its <see cref="PacketRing"/>: the tap's
/// events in the order the media thread delivered them.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  kind = 1     |    codec      |        clock rate (32 bits) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ...            |   channels    |   fmtp (UTF-8, to the end)  ...    Attached
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  kind = 2     |   arrival (UTC ticks, 64 bits) ...                 Rtp
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ...            |   RTP packet (header and payload) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  kind = 3     |   NTP timestamp (64 bits) | RTP timestamp (32)     SenderReport
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  kind = 4 (Detached) or 5 (Closed): nothing follows
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Integers are big-endian. The codec byte is an <see cref="Media.EgressCodec"/>, or 255 for a codec egress cannot
/// record.
/// </remarks>
internal enum TapRecordKind : byte
{
    /// <summary>A track now feeds the tap: its codec, clock rate, channels and fmtp.</summary>
    Attached = 1,

    /// <summary>One RTP packet and when the media thread received it.</summary>
    Rtp = 2,

    /// <summary>A sender report: NTP time and the RTP timestamp of the same instant.</summary>
    SenderReport = 3,

    /// <summary>The track ended; another may attach later.</summary>
    Detached = 4,

    /// <summary>The tap ended: nothing follows.</summary>
    Closed = 5,
}
