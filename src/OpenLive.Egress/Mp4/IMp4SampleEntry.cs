namespace OpenLive.Egress.Mp4;

/// <summary>A track's one sample description in 'stsd' (ISO/IEC 14496-12 §8.5.2), with the track's identity.</summary>
internal interface IMp4SampleEntry
{
    /// <summary>The track_ID.</summary>
    uint TrackId { get; }

    /// <summary>Ticks per second of the track's media time ('mdhd').</summary>
    int Timescale { get; }

    /// <summary>Writes the sample entry box.</summary>
    void Write(Mp4BoxWriter w);
}
