using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One RTP stream a publisher sends: a track's only stream, or one simulcast layer. Keeps what the SFU needs to
/// recover and report it: the send history (subscribers' NACKs), the NACK tracker (losses on the publisher's link),
/// the keyframe-request throttle and the stream's statistics. Media thread only.
/// </summary>
internal sealed class IncomingStream(PublishedTrack track, int layer, string? rid, int cacheSize)
{
    public PublishedTrack Track { get; } = track;

    /// <summary>Simulcast layer, 0 = lowest (0 without simulcast).</summary>
    public int Layer { get; } = layer;

    /// <summary>The layer's rid, null without simulcast.</summary>
    public string? Rid { get; } = rid;

    /// <summary>The rid as the RID header extensions carry it (ASCII), compared without allocating.</summary>
    public byte[] RidBytes { get; } = rid is null ? [] : System.Text.Encoding.ASCII.GetBytes(rid);

    /// <summary>The media SSRC, 0 until learned (from SDP or the first packet's MID/RID).</summary>
    public uint Ssrc { get; set; }

    /// <summary>The RTX SSRC, 0 until learned.</summary>
    public uint RtxSsrc { get; set; }

    /// <summary>The last packets, kept to answer subscribers' NACKs without asking the publisher again.</summary>
    public RtpSendHistory History { get; } = new(cacheSize);

    public NackTracker Nacks { get; } = new();

    public KeyframeRequestThrottle KeyframeRequests;

    /// <summary>Volume, bitrate, reception statistics, last keyframe and last sender report.</summary>
    public IncomingStreamStatistics Statistics { get; } = new();
}
