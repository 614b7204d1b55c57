using OpenLive.Egress.Media;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>The container of a live byte stream an ffmpeg output reads.</summary>
public enum LiveFeedContainer
{
    /// <summary>WebM (Matroska): EBML header, Segment of unknown size, Info, Tracks, then Clusters.</summary>
    WebM,

    /// <summary>Fragmented MP4 (ISO BMFF): ftyp + moov (empty sample tables), then moof + mdat pairs.</summary>
    FragmentedMp4,
}

/// <summary>What a live stream holds: its container, the video codec (none for audio only) and whether Opus audio is in it.</summary>
/// <param name="Container">The container.</param>
/// <param name="VideoCodec">The video codec, or <see langword="null"/> for audio only.</param>
/// <param name="HasAudio">Whether an Opus track is in the stream.</param>
public sealed record LiveFeedFormat(LiveFeedContainer Container, EgressCodec? VideoCodec, bool HasAudio);

/// <summary>One piece of a live stream: the header, or one whole WebM Cluster / MP4 moof+mdat.</summary>
/// <param name="Bytes">The bytes, owned by the reader once returned.</param>
/// <param name="StartsWithKeyframe">Whether a decoder can start at this chunk (its first video frame is a keyframe).</param>
public readonly record struct LiveFeedChunk(ReadOnlyMemory<byte> Bytes, bool StartsWithKeyframe);

/// <summary>
/// The seam between a writer producing a live WebM / fragmented MP4 byte stream and an ffmpeg output reading it. A
/// container byte stream cannot be joined anywhere: a reader needs the header (EBML header + Tracks, or ftyp + moov)
/// and then whole clusters/fragments from a keyframe. So every ffmpeg (re)start asks the source for a new stream.
/// </summary>
public interface ILiveFeedSource
{
    /// <summary>What the stream holds (fixed for the source's life).</summary>
    LiveFeedFormat Format { get; }

    /// <summary>
    /// A new stream for one ffmpeg process: first the header, then whole clusters/fragments from the next keyframe on
    /// (the writer may ask the publisher for one). The writer must never block on it: <see cref="BoundedLiveFeed"/>
    /// drops when its reader is slow.
    /// </summary>
    ILiveFeed OpenFromNextKeyframe();
}

/// <summary>One reader's view of a live stream (see <see cref="ILiveFeedSource"/>); disposing it unsubscribes.</summary>
public interface ILiveFeed : IAsyncDisposable
{
    /// <summary>The next chunk (the header first), or <see langword="null"/> when the source has ended (publisher left, recording stopped).</summary>
    ValueTask<LiveFeedChunk?> ReadAsync(CancellationToken cancellationToken);
}
