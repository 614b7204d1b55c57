namespace OpenLive.Egress.Media;

/// <summary>
/// A container writer a recording feeds: WebM for VP8/VP9/AV1 + Opus (<c>WebM.WebMWriter</c>), fragmented MP4 for
/// H.264 + Opus (<c>Mp4.FragmentedMp4Writer</c>). Each track's depacketizer writes into <see cref="SinkFor"/>; the
/// sender reports place the tracks on one clock (<see cref="SetClockMapping"/>); <see cref="Finish"/> completes the file.
/// A failing output never throws: the writer stops taking frames and keeps the failure in <see cref="Failure"/>, and what
/// it wrote before stays playable.
/// </summary>
public interface IRecordingWriter : IDisposable
{
    /// <summary>The tracks, in the order <see cref="SinkFor"/> and <see cref="SetClockMapping"/> number them.</summary>
    IReadOnlyList<EgressTrack> Tracks { get; }

    /// <summary>Bytes written to the output so far.</summary>
    long BytesWritten { get; }

    /// <summary>The output's failure, or null.</summary>
    Exception? Failure { get; }

    /// <summary>Where track <paramref name="track"/>'s frames go.</summary>
    IMediaFrameSink SinkFor(int track);

    /// <summary>
    /// Puts track <paramref name="track"/>'s RTP clock on the common clock. Takes effect for a track that has not had a
    /// frame yet; later mappings are ignored (moving a track mid-file would make its timestamps jump). A track without
    /// one by its first frame is placed by when the writer handles that frame (see <see cref="TrackClock"/>).
    /// </summary>
    void SetClockMapping(int track, TrackClockMapping mapping);

    /// <summary>Writes what is pending and completes the file (indexes where the output can seek); false if the output failed.</summary>
    bool Finish();
}
