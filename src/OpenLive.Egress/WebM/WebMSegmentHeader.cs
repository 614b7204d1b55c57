using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>
/// The start of a live WebM file (EBML header, then the Segment with an unknown size, room for the SeekHead, Info with
/// room for the Duration, and Tracks), and the fix-ups a seekable file gets when it is finished.
/// </summary>
/// <remarks>
/// <code>
/// EBML { DocType "webm", DocTypeVersion 4, DocTypeReadVersion 2 }
/// Segment (size: 8-byte "unknown" until finished)
///   Void (80 B)        → SeekHead { Info, Tracks, Cues } + Void, when finished on a seekable stream
///   Info { TimestampScale 1,000,000 (1 ms), MuxingApp, WritingApp, Void (11 B) → Duration }
///   Tracks { TrackEntry ... }
///   Cluster { Timestamp, SimpleBlock ... } ...   (written live, one flush each)
///   Cues { CuePoint { CueTime, CueTrackPositions { CueTrack, CueClusterPosition } } ... }   (when finished)
/// </code>
/// </remarks>
internal static class WebMSegmentHeader
{
    public const int SeekHeadRoom = 80;
    public const int DurationRoom = 11;
    private const int SegmentSizeLength = 8;

    /// <summary>Where the placeholders sit, as offsets in the written header.</summary>
    public readonly record struct Layout(int SegmentSizeAt, int SegmentDataStart, int SeekHeadAt, int InfoAt, int DurationAt, int TracksAt);

    public static Layout Write(EbmlBuffer buffer, string application, IReadOnlyList<WebMTrackState> tracks)
    {
        var ebml = buffer.BeginMaster(EbmlIds.Ebml);
        buffer.WriteUInt(EbmlIds.EbmlVersion, 1);
        buffer.WriteUInt(EbmlIds.EbmlReadVersion, 1);
        buffer.WriteUInt(EbmlIds.EbmlMaxIdLength, 4);
        buffer.WriteUInt(EbmlIds.EbmlMaxSizeLength, 8);
        buffer.WriteString(EbmlIds.DocType, "webm");
        buffer.WriteUInt(EbmlIds.DocTypeVersion, 4);
        buffer.WriteUInt(EbmlIds.DocTypeReadVersion, 2);
        buffer.EndMaster(ebml);

        buffer.WriteId(EbmlIds.Segment);
        var segmentSizeAt = buffer.Length;
        buffer.WriteSize(unchecked((long)EbmlBuffer.UnknownSize8) & 0x00FF_FFFF_FFFF_FFFF, SegmentSizeLength);
        var segmentDataStart = buffer.Length;

        var seekHeadAt = buffer.Length;
        buffer.WriteVoid(SeekHeadRoom);

        var infoAt = buffer.Length;
        var info = buffer.BeginMaster(EbmlIds.Info);
        buffer.WriteUInt(EbmlIds.TimestampScale, 1_000_000);
        buffer.WriteString(EbmlIds.MuxingApp, application);
        buffer.WriteString(EbmlIds.WritingApp, application);
        var durationAt = buffer.Length;
        buffer.WriteVoid(DurationRoom);
        buffer.EndMaster(info);

        var tracksAt = buffer.Length;
        var tracksElement = buffer.BeginMaster(EbmlIds.Tracks);
        foreach (var track in tracks)
        {
            WriteTrackEntry(buffer, track);
        }

        buffer.EndMaster(tracksElement);
        return new Layout(segmentSizeAt, segmentDataStart, seekHeadAt, infoAt, durationAt, tracksAt);
    }

    /// <summary>The SeekHead that replaces the Void at the start of the Segment, padded to the same length.</summary>
    public static void WriteSeekHead(EbmlBuffer buffer, long infoPosition, long tracksPosition, long cuesPosition)
    {
        var start = buffer.Length;
        var seekHead = buffer.BeginMaster(EbmlIds.SeekHead);
        WriteSeek(buffer, EbmlIds.Info, infoPosition);
        WriteSeek(buffer, EbmlIds.Tracks, tracksPosition);
        WriteSeek(buffer, EbmlIds.Cues, cuesPosition);
        buffer.EndMaster(seekHead);
        buffer.WriteVoid(SeekHeadRoom - (buffer.Length - start));
    }

    public static void WriteDuration(EbmlBuffer buffer, double milliseconds) => buffer.WriteFloat(EbmlIds.Duration, milliseconds);

    public static void EncodeSegmentSize(Span<byte> destination, long size) => EbmlBuffer.EncodeSize(destination[..SegmentSizeLength], (ulong)size);

    private static void WriteSeek(EbmlBuffer buffer, uint id, long position)
    {
        var seek = buffer.BeginMaster(EbmlIds.Seek);
        buffer.WriteId(EbmlIds.SeekId);
        buffer.WriteSize(4);
        buffer.WriteId(id);
        buffer.WriteUInt(EbmlIds.SeekPosition, (ulong)position);
        buffer.EndMaster(seek);
    }

    private static void WriteTrackEntry(EbmlBuffer buffer, WebMTrackState state)
    {
        var track = state.Track;
        var entry = buffer.BeginMaster(EbmlIds.TrackEntry);
        buffer.WriteUInt(EbmlIds.TrackNumber, (ulong)state.Number);
        buffer.WriteUInt(EbmlIds.TrackUid, (ulong)state.Number);
        buffer.WriteUInt(EbmlIds.TrackType, track.IsVideo ? 1UL : 2UL);
        buffer.WriteUInt(EbmlIds.FlagLacing, 0);
        buffer.WriteString(EbmlIds.CodecId, WebMTrackHeader.CodecIdOf(track.Codec));
        if (track.Codec == EgressCodec.Opus)
        {
            buffer.WriteBinary(EbmlIds.CodecPrivate, WebMTrackHeader.OpusHead(track.Channels));
            buffer.WriteUInt(EbmlIds.CodecDelay, WebMTrackHeader.OpusCodecDelayNs);
            buffer.WriteUInt(EbmlIds.SeekPreRoll, WebMTrackHeader.OpusSeekPreRollNs);
            var audio = buffer.BeginMaster(EbmlIds.Audio);
            buffer.WriteFloat(EbmlIds.SamplingFrequency, WebMTrackHeader.OpusRate);
            buffer.WriteUInt(EbmlIds.Channels, (ulong)Math.Clamp(track.Channels, 1, 2));
            buffer.EndMaster(audio);
        }
        else
        {
            if (state.CodecPrivate is { } codecPrivate)
            {
                buffer.WriteBinary(EbmlIds.CodecPrivate, codecPrivate);
            }

            var video = buffer.BeginMaster(EbmlIds.Video);
            buffer.WriteUInt(EbmlIds.PixelWidth, (ulong)state.Width);
            buffer.WriteUInt(EbmlIds.PixelHeight, (ulong)state.Height);
            buffer.EndMaster(video);
        }

        buffer.EndMaster(entry);
    }
}
