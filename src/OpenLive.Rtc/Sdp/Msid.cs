using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=msid</c>: the MediaStream (and track) a section's RTP belongs to (RFC 8830 §2).
/// <code>
/// msid-value = msid-id [ SP msid-appdata ]
/// a=msid:9a3f4c8e-5d2b-4c71 1c2d5e6f-7a8b-4c9d
/// a=msid:- 1c2d5e6f-7a8b-4c9d          ; a track in no stream
/// </code>
/// </summary>
/// <param name="StreamId">The stream id; <c>-</c> for none.</param>
/// <param name="TrackId">The app data, by convention the track id; null when absent.</param>
public sealed record Msid(string StreamId, string? TrackId = null)
{
    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out Msid? msid)
    {
        msid = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var stream))
        {
            return false;
        }

        var appData = fields.Remaining;
        msid = new Msid(stream.ToString(), appData.IsEmpty ? null : appData.ToString());
        return true;
    }

    internal SdpTextWriter WriteValue(SdpTextWriter writer)
    {
        writer.Text(StreamId);
        return TrackId is null ? writer : writer.Space().Text(TrackId);
    }
}
