using OpenLive.Rtc.Rtp;
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
        RtpExtensionUris.AudioLevel, RtpExtensionUris.AbsSendTime, RtpExtensionUris.TransportWideCc,
        RtpExtensionUris.Mid, RtpExtensionUris.RtpStreamId, RtpExtensionUris.RepairedRtpStreamId,
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
            Find(section, RtpExtensionUris.Mid),
            Find(section, RtpExtensionUris.RtpStreamId),
            Find(section, RtpExtensionUris.RepairedRtpStreamId),
            Find(section, RtpExtensionUris.AbsSendTime),
            Find(section, RtpExtensionUris.TransportWideCc),
            Find(section, RtpExtensionUris.AudioLevel));

        static byte Find(MediaDescription section, string uri) =>
            section.FindHeaderExtension(uri) is { FitsOneByteHeader: true } extension ? (byte)extension.Id : (byte)0;
    }

    /// <summary>The (id, URI) pairs of this set that apply to <paramref name="kind"/> (audio level is audio-only; rids video-only).</summary>
    public IEnumerable<HeaderExtension> ToSdp(MediaKind kind)
    {
        if (kind == MediaKind.Audio && AudioLevel != 0)
        {
            yield return new HeaderExtension(AudioLevel, RtpExtensionUris.AudioLevel);
        }

        if (AbsSendTime != 0)
        {
            yield return new HeaderExtension(AbsSendTime, RtpExtensionUris.AbsSendTime);
        }

        if (TransportCc != 0)
        {
            yield return new HeaderExtension(TransportCc, RtpExtensionUris.TransportWideCc);
        }

        if (Mid != 0)
        {
            yield return new HeaderExtension(Mid, RtpExtensionUris.Mid);
        }

        if (kind == MediaKind.Video && Rid != 0)
        {
            yield return new HeaderExtension(Rid, RtpExtensionUris.RtpStreamId);
        }

        if (kind == MediaKind.Video && RepairedRid != 0)
        {
            yield return new HeaderExtension(RepairedRid, RtpExtensionUris.RepairedRtpStreamId);
        }
    }
}
