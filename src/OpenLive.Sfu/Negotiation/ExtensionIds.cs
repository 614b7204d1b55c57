using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// The RTP header extension ids negotiated on one connection for the extensions the SFU reads or writes (0 = not
/// negotiated). The packet path reads ids from here instead of looking URIs up.
/// </summary>
internal readonly record struct ExtensionIds(byte Mid, byte Rid, byte RepairedRid, byte AbsSendTime, byte TransportCc, byte AudioLevel)
{
    /// <summary>The extensions the SFU understands, in the order it lists them.</summary>
    public static readonly string[] Understood =
    [
        OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc,
        OpenLive.Rtc.Rtp.RtpExtensionUris.Mid, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId,
    ];

    /// <summary>
    /// The ids the SFU uses on subscriber connections (it offers them, so it picks them): one-byte ids, and the same for
    /// every subscriber so outgoing headers are written the same way.
    /// </summary>
    public static readonly ExtensionIds Subscriber = new(Mid: 4, Rid: 0, RepairedRid: 0, AbsSendTime: 2, TransportCc: 3, AudioLevel: 1);

    /// <summary>Reads the ids of the understood extensions from an SDP section; ids outside the one-byte range are ignored.</summary>
    public static ExtensionIds From(MediaDescription section)
    {
        return new ExtensionIds(
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid),
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId),
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId),
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime),
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc),
            Find(section, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel));

        static byte Find(MediaDescription section, string uri) =>
            section.FindHeaderExtension(uri) is { FitsOneByteHeader: true } extension ? (byte)extension.Id : (byte)0;
    }

    /// <summary>The (id, URI) pairs of this set that apply to <paramref name="kind"/> (audio level is audio-only; rids video-only).</summary>
    public IEnumerable<HeaderExtension> ToSdp(MediaKind kind)
    {
        if (kind == MediaKind.Audio && AudioLevel != 0)
        {
            yield return new HeaderExtension(AudioLevel, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel);
        }

        if (AbsSendTime != 0)
        {
            yield return new HeaderExtension(AbsSendTime, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime);
        }

        if (TransportCc != 0)
        {
            yield return new HeaderExtension(TransportCc, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc);
        }

        if (Mid != 0)
        {
            yield return new HeaderExtension(Mid, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid);
        }

        if (kind == MediaKind.Video && Rid != 0)
        {
            yield return new HeaderExtension(Rid, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId);
        }

        if (kind == MediaKind.Video && RepairedRid != 0)
        {
            yield return new HeaderExtension(RepairedRid, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId);
        }
    }
}
