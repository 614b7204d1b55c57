namespace OpenLive.Egress.Mp4;

/// <summary>
/// The random-access index a finished fragmented file ends with, 'mfra' (14496-12 §8.8.9): per track a 'tfra' with
/// the time and 'moof' offset of fragments a player can start at (video: those beginning with a sync sample), then
/// 'mfro' with the 'mfra' size, so a reader finds the index from the end of the file.
/// <code>
/// mfra
/// +-- tfra  version 1, track_ID, 0 (1-byte traf/trun/sample numbers), entry_count,
/// |         entries: time (64), moof_offset (64), traf_number, trun_number = 1, sample_number = 1
/// +-- mfro  size of the whole 'mfra'
/// </code>
/// </summary>
internal static class Mp4RandomAccessIndex
{
    /// <summary>Writes the index of <paramref name="entries"/> for the tracks given.</summary>
    public static void Write(Mp4BoxWriter w, Mp4TrackFragment? video, Mp4TrackFragment? audio, List<Mp4IndexEntry> entries)
    {
        var mfra = w.BeginBox("mfra"u8);
        foreach (var track in new[] { video, audio })
        {
            if (track is null)
            {
                continue;
            }

            var tfra = w.BeginFullBox("tfra"u8, 1, 0);
            w.WriteUInt32(track.TrackId);
            w.WriteUInt32(0);
            var countAt = w.Length;
            w.WriteUInt32(0);
            uint count = 0;
            foreach (var entry in entries)
            {
                if (entry.TrackId != track.TrackId)
                {
                    continue;
                }

                w.WriteUInt64((ulong)Math.Max(0, entry.Time));
                w.WriteUInt64((ulong)entry.MoofOffset);
                w.WriteByte(entry.TrafNumber);
                w.WriteByte(1);
                w.WriteByte(1);
                count++;
            }

            w.PatchUInt32(countAt, count);
            w.EndBox(tfra);
        }

        var mfro = w.BeginFullBox("mfro"u8, 0, 0);
        var mfraSizeAt = w.Length;
        w.WriteUInt32(0);
        w.EndBox(mfro);
        w.EndBox(mfra);
        w.PatchUInt32(mfraSizeAt, (uint)(w.Length - mfra));
    }
}

/// <summary>One 'tfra' entry: a fragment of a track a player can start at.</summary>
/// <param name="TrackId">The track.</param>
/// <param name="Time">The decode time of the fragment's first sample of the track, in the track's timescale.</param>
/// <param name="MoofOffset">Where the fragment's 'moof' starts, from the start of the file.</param>
/// <param name="TrafNumber">Which 'traf' of the 'moof' is the track's (1-based).</param>
internal readonly record struct Mp4IndexEntry(uint TrackId, long Time, long MoofOffset, byte TrafNumber);
