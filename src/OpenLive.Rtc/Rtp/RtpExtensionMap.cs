namespace OpenLive.Rtc.Rtp;

/// <summary>
/// The extension ids one session negotiated (SDP a=extmap, RFC 8285 §5): URI by id, and the ids of the extensions
/// the media path reads per packet as plain fields, 0 when not negotiated.
/// </summary>
public sealed class RtpExtensionMap
{
    private readonly string?[] _uris = new string?[RtpExtensionProfiles.MaxTwoByteId + 1];

    /// <summary>Local id of <see cref="RtpExtensionUris.Mid"/>, or 0.</summary>
    public int Mid { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.RtpStreamId"/>, or 0.</summary>
    public int RtpStreamId { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.RepairedRtpStreamId"/>, or 0.</summary>
    public int RepairedRtpStreamId { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.AbsSendTime"/>, or 0.</summary>
    public int AbsSendTime { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.TransportWideCc"/>, or 0.</summary>
    public int TransportWideCc { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.AudioLevel"/>, or 0.</summary>
    public int AudioLevel { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.VideoOrientation"/>, or 0.</summary>
    public int VideoOrientation { get; private set; }

    /// <summary>Local id of <see cref="RtpExtensionUris.DependencyDescriptor"/>, or 0.</summary>
    public int DependencyDescriptor { get; private set; }

    /// <summary>
    /// Records that <paramref name="uri"/> uses local id <paramref name="id"/> (1–255). False if the id is out of
    /// range or already taken by another URI; re-adding the same pair is allowed.
    /// </summary>
    public bool TryAdd(int id, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (id is < 1 or > RtpExtensionProfiles.MaxTwoByteId)
        {
            return false;
        }

        var existing = _uris[id];
        if (existing is not null)
        {
            return string.Equals(existing, uri, StringComparison.Ordinal);
        }

        _uris[id] = uri;
        switch (uri)
        {
            case RtpExtensionUris.Mid: Mid = id; break;
            case RtpExtensionUris.RtpStreamId: RtpStreamId = id; break;
            case RtpExtensionUris.RepairedRtpStreamId: RepairedRtpStreamId = id; break;
            case RtpExtensionUris.AbsSendTime: AbsSendTime = id; break;
            case RtpExtensionUris.TransportWideCc: TransportWideCc = id; break;
            case RtpExtensionUris.AudioLevel: AudioLevel = id; break;
            case RtpExtensionUris.VideoOrientation: VideoOrientation = id; break;
            case RtpExtensionUris.DependencyDescriptor: DependencyDescriptor = id; break;
            default: break;
        }

        return true;
    }

    /// <summary>The URI mapped to <paramref name="id"/>, or null.</summary>
    public string? UriOf(int id) => id is >= 1 and <= RtpExtensionProfiles.MaxTwoByteId ? _uris[id] : null;

    /// <summary>The id mapped to <paramref name="uri"/>, or 0.</summary>
    public int IdOf(string uri)
    {
        for (var id = 1; id < _uris.Length; id++)
        {
            if (string.Equals(_uris[id], uri, StringComparison.Ordinal))
            {
                return id;
            }
        }

        return 0;
    }

    /// <summary>
    /// Whether every mapped id fits the one-byte form (1–14), so a writer can use it (RFC 8285 §4.2);
    /// otherwise elements need the two-byte form, which the peer must have allowed with extmap-allow-mixed.
    /// </summary>
    public bool FitsOneByte()
    {
        for (var id = RtpExtensionProfiles.MaxOneByteId + 1; id < _uris.Length; id++)
        {
            if (_uris[id] is not null)
            {
                return false;
            }
        }

        return true;
    }
}
