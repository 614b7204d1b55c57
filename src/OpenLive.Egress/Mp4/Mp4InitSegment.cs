namespace OpenLive.Egress.Mp4;

/// <summary>
/// The initialization segment of a fragmented MP4 (ISO/IEC 14496-12 §8.8): 'ftyp', then a 'moov' whose sample tables
/// are empty (every sample is in a later 'moof'), with 'mvex'/'trex' announcing the fragments.
/// <code>
/// ftyp  major iso5, compatible iso5 iso6 mp41 isom
/// moov
/// +-- mvhd  timescale 1000, duration 0 (unknown: fragmented), next_track_ID
/// +-- trak (video: track 1, audio: track 2 — or 1 when alone)
/// |   +-- tkhd  flags enabled|in_movie, width/height (16.16) for video, volume for audio
/// |   +-- mdia
/// |       +-- mdhd  timescale = RTP clock rate (90,000 / 48,000), language "und"
/// |       +-- hdlr  'vide' / 'soun'
/// |       +-- minf
/// |           +-- vmhd / smhd
/// |           +-- dinf / dref / 'url ' (flags 1: media in this file)
/// |           +-- stbl
/// |               +-- stsd  one entry: 'avc3' + 'avcC', or 'Opus' + 'dOps'
/// |               +-- stts, stsc, stsz, stco  (no entries)
/// +-- mvex
///     +-- trex  per track: sample description 1, default duration/size/flags 0 (each trun carries its own)
/// </code>
/// </summary>
internal static class Mp4InitSegment
{
    /// <summary>The identity matrix of 'mvhd' and 'tkhd' (16.16 and 2.30 fixed point).</summary>
    private static ReadOnlySpan<byte> UnityMatrix =>
    [
        0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0,
    ];

    /// <summary>Writes 'ftyp' and 'moov' for the tracks given (at least one).</summary>
    public static void Write(Mp4BoxWriter w, Mp4VideoSampleEntry? video, Mp4OpusSampleEntry? audio)
    {
        var ftyp = w.BeginBox("ftyp"u8);
        w.WriteBytes("iso5"u8);
        w.WriteUInt32(512);
        w.WriteBytes("iso5"u8);
        w.WriteBytes("iso6"u8);
        w.WriteBytes("mp41"u8);
        w.WriteBytes("isom"u8);
        w.EndBox(ftyp);

        var moov = w.BeginBox("moov"u8);
        var mvhd = w.BeginFullBox("mvhd"u8, 0, 0);
        w.WriteUInt32(0); // creation_time
        w.WriteUInt32(0); // modification_time
        w.WriteUInt32(1000); // timescale
        w.WriteUInt32(0); // duration: unknown, the fragments carry the time
        w.WriteUInt32(0x0001_0000); // rate 1.0
        w.WriteUInt16(0x0100); // volume 1.0
        w.WriteZeros(10); // reserved
        w.WriteBytes(UnityMatrix);
        w.WriteZeros(24); // pre_defined
        w.WriteUInt32((video is null ? 0u : 1u) + (audio is null ? 0u : 1u) + 1); // next_track_ID
        w.EndBox(mvhd);

        if (video is { } v)
        {
            WriteTrack(w, v, isVideo: true, v.Sps.Width, v.Sps.Height);
        }

        if (audio is { } a)
        {
            WriteTrack(w, a, isVideo: false, 0, 0);
        }

        var mvex = w.BeginBox("mvex"u8);
        if (video is { } vt)
        {
            WriteTrex(w, vt.TrackId);
        }

        if (audio is { } at)
        {
            WriteTrex(w, at.TrackId);
        }

        w.EndBox(mvex);
        w.EndBox(moov);
    }

    private static void WriteTrack(Mp4BoxWriter w, IMp4SampleEntry entry, bool isVideo, int width, int height)
    {
        var trackId = entry.TrackId;
        var timescale = entry.Timescale;
        var trak = w.BeginBox("trak"u8);
        var tkhd = w.BeginFullBox("tkhd"u8, 0, 0x000003); // track_enabled | track_in_movie
        w.WriteUInt32(0); // creation_time
        w.WriteUInt32(0); // modification_time
        w.WriteUInt32(trackId);
        w.WriteUInt32(0); // reserved
        w.WriteUInt32(0); // duration
        w.WriteZeros(8); // reserved
        w.WriteUInt16(0); // layer
        w.WriteUInt16(0); // alternate_group
        w.WriteUInt16(isVideo ? (ushort)0 : (ushort)0x0100); // volume
        w.WriteUInt16(0); // reserved
        w.WriteBytes(UnityMatrix);
        w.WriteUInt32((uint)width << 16);
        w.WriteUInt32((uint)height << 16);
        w.EndBox(tkhd);

        var mdia = w.BeginBox("mdia"u8);
        var mdhd = w.BeginFullBox("mdhd"u8, 0, 0);
        w.WriteUInt32(0); // creation_time
        w.WriteUInt32(0); // modification_time
        w.WriteUInt32((uint)timescale);
        w.WriteUInt32(0); // duration
        w.WriteUInt16(0x55C4); // language "und" (ISO 639-2/T, three 5-bit letters)
        w.WriteUInt16(0); // pre_defined
        w.EndBox(mdhd);

        var hdlr = w.BeginFullBox("hdlr"u8, 0, 0);
        w.WriteUInt32(0); // pre_defined
        w.WriteBytes(isVideo ? "vide"u8 : "soun"u8);
        w.WriteZeros(12); // reserved
        w.WriteBytes(isVideo ? "OpenLive video\0"u8 : "OpenLive audio\0"u8);
        w.EndBox(hdlr);

        var minf = w.BeginBox("minf"u8);
        if (isVideo)
        {
            var vmhd = w.BeginFullBox("vmhd"u8, 0, 1);
            w.WriteZeros(8); // graphicsmode, opcolor
            w.EndBox(vmhd);
        }
        else
        {
            var smhd = w.BeginFullBox("smhd"u8, 0, 0);
            w.WriteZeros(4); // balance, reserved
            w.EndBox(smhd);
        }

        var dinf = w.BeginBox("dinf"u8);
        var dref = w.BeginFullBox("dref"u8, 0, 0);
        w.WriteUInt32(1);
        var url = w.BeginFullBox("url "u8, 0, 1); // self-contained: the media is in this file
        w.EndBox(url);
        w.EndBox(dref);
        w.EndBox(dinf);

        var stbl = w.BeginBox("stbl"u8);
        var stsd = w.BeginFullBox("stsd"u8, 0, 0);
        w.WriteUInt32(1);
        entry.Write(w);
        w.EndBox(stsd);
        WriteEmptyTable(w, "stts"u8);
        WriteEmptyTable(w, "stsc"u8);
        var stsz = w.BeginFullBox("stsz"u8, 0, 0);
        w.WriteUInt32(0); // sample_size
        w.WriteUInt32(0); // sample_count
        w.EndBox(stsz);
        WriteEmptyTable(w, "stco"u8);
        w.EndBox(stbl);
        w.EndBox(minf);
        w.EndBox(mdia);
        w.EndBox(trak);
    }

    private static void WriteEmptyTable(Mp4BoxWriter w, ReadOnlySpan<byte> type)
    {
        var box = w.BeginFullBox(type, 0, 0);
        w.WriteUInt32(0); // entry_count
        w.EndBox(box);
    }

    private static void WriteTrex(Mp4BoxWriter w, uint trackId)
    {
        var trex = w.BeginFullBox("trex"u8, 0, 0);
        w.WriteUInt32(trackId);
        w.WriteUInt32(1); // default_sample_description_index
        w.WriteUInt32(0); // default_sample_duration
        w.WriteUInt32(0); // default_sample_size
        w.WriteUInt32(0); // default_sample_flags
        w.EndBox(trex);
    }
}
