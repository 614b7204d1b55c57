namespace OpenLive.Rtc.Client;

/// <summary>The video codecs a client connection offers.</summary>
public enum RtcVideoCodec
{
    /// <summary>VP8 (RFC 7741), payload type 96 with RTX 97.</summary>
    Vp8,

    /// <summary>H.264 constrained baseline, packetization-mode 1 (RFC 6184), payload type 102 with RTX 103.</summary>
    H264,
}

/// <summary>How an m-line we offer is set up; the defaults are one VP8 stream with RTX, or Opus.</summary>
public sealed class RtcTransceiverOptions
{
    /// <summary>The defaults.</summary>
    public static readonly RtcTransceiverOptions Default = new();

    /// <summary>Video codecs to offer, most preferred first (the answerer normally picks the first it takes).</summary>
    public IReadOnlyList<RtcVideoCodec> VideoCodecs { get; init; } = [RtcVideoCodec.Vp8];

    /// <summary>Offer RTX (RFC 4588) for video, so NACKed packets come back on their own stream.</summary>
    public bool Rtx { get; init; } = true;

    /// <summary>
    /// Simulcast layers to send, lowest quality first (<c>a=rid</c> + <c>a=simulcast:send</c>, RFC 8853); empty for one
    /// stream. Video only. Each id is 1..16 letters or digits.
    /// </summary>
    public IReadOnlyList<string> SimulcastRids { get; init; } = [];

    /// <summary>The MediaStream id for <c>a=msid</c>; the connection's stream id when null.</summary>
    public string? StreamId { get; init; }

    /// <summary>The track id for <c>a=msid</c>; random when null.</summary>
    public string? TrackId { get; init; }

    internal void Validate(Sdp.MediaKind kind)
    {
        ArgumentNullException.ThrowIfNull(VideoCodecs);
        ArgumentNullException.ThrowIfNull(SimulcastRids);
        if (kind == Sdp.MediaKind.Video && VideoCodecs.Count == 0)
        {
            throw new ArgumentException("Offer at least one video codec.");
        }

        if (SimulcastRids.Count > 0 && kind != Sdp.MediaKind.Video)
        {
            throw new ArgumentException("Simulcast is for video.");
        }

        if (SimulcastRids.Count > RtcTransceiver.MaxSendLayers)
        {
            throw new ArgumentException($"At most {RtcTransceiver.MaxSendLayers} simulcast layers.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rid in SimulcastRids)
        {
            if (rid is null || rid.Length is 0 or > 16 || !rid.All(char.IsAsciiLetterOrDigit) || !seen.Add(rid))
            {
                throw new ArgumentException("Simulcast rids are distinct, 1..16 ASCII letters or digits.");
            }
        }

        foreach (var id in (ReadOnlySpan<string?>)[StreamId, TrackId])
        {
            if (id is not null && (id.Length is 0 or > 64 || id.Any(c => c <= ' ' || c > '~')))
            {
                throw new ArgumentException("Stream and track ids are 1..64 visible ASCII characters.");
            }
        }
    }
}
