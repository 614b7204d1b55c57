using OpenLive.Egress.Depacketizing;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// The live-feed half of a container writer (<c>WebM.WebMWriter</c>, <c>Mp4.FragmentedMp4Writer</c>): keeps the stream's
/// header (EBML header + Tracks, or ftyp + moov) and hands every whole cluster/fragment the writer completes to the
/// readers that are subscribed, each through its own <see cref="BoundedLiveFeed"/>. A reader that joins mid-stream gets
/// the header and then chunks from the next keyframe on (the feed drops what comes before one); a slow reader loses
/// whole chunks up to a keyframe, and the writer never waits for it.
/// </summary>
/// <remarks>
/// The writer's path with no reader is a volatile read of an empty array: nothing allocated, no lock taken (recording
/// many tracks per core). Subscribing and unsubscribing copy the array (rare). Publishing copies each chunk once per
/// reader (a reader owns what it reads).
/// </remarks>
internal sealed class LiveFeedPublisher
{
    private readonly Lock _gate = new();
    private readonly long _capacityBytes;
    private BoundedLiveFeed[] _feeds = [];
    private byte[]? _header;
    private bool _ended;

    /// <summary>A publisher whose readers may each have <paramref name="capacityBytes"/> queued.</summary>
    public LiveFeedPublisher(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        _capacityBytes = capacityBytes;
    }

    /// <summary>
    /// Asked for a keyframe when a reader joins a running stream: WebRTC publishers send keyframes only on request or
    /// loss, so without one a new reader could wait minutes for its first chunk.
    /// </summary>
    public IKeyframeRequester? KeyframeRequester { get; set; }

    /// <summary>Readers subscribed now (closed ones leave at the next publication).</summary>
    public int Readers => Volatile.Read(ref _feeds).Length;

    /// <summary>A new reader: the header (now, or when the writer writes it), then whole chunks from the next keyframe.</summary>
    public ILiveFeed Open()
    {
        bool started;
        BoundedLiveFeed feed;
        lock (_gate)
        {
            if (_ended)
            {
                feed = new BoundedLiveFeed(_capacityBytes);
                feed.Complete();
                return feed;
            }

            feed = _header is { } header ? new BoundedLiveFeed(header, _capacityBytes) : new BoundedLiveFeed(_capacityBytes);
            _feeds = [.. _feeds, feed];
            started = _header is not null;
        }

        if (started)
        {
            KeyframeRequester?.RequestKeyframe();
        }

        return feed;
    }

    /// <summary>The stream's header, written once before any chunk (the writer's first keyframe).</summary>
    public void SetHeader(ReadOnlySpan<byte> header)
    {
        lock (_gate)
        {
            if (_header is not null || _ended)
            {
                return;
            }

            _header = header.ToArray();
            foreach (var feed in _feeds)
            {
                feed.WriteHeader(header);
            }
        }
    }

    /// <summary>One whole cluster/fragment (in two parts: <paramref name="rest"/> follows <paramref name="chunk"/>) to every reader.</summary>
    public void Publish(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> rest, bool startsWithKeyframe)
    {
        var feeds = Volatile.Read(ref _feeds);
        if (feeds.Length == 0)
        {
            return;
        }

        var anyClosed = false;
        foreach (var feed in feeds)
        {
            anyClosed |= !feed.TryWrite(chunk, rest, startsWithKeyframe) && feed.IsClosed;
        }

        if (anyClosed)
        {
            lock (_gate)
            {
                _feeds = [.. _feeds.Where(f => !f.IsClosed)];
            }
        }
    }

    /// <summary>The stream has ended (finished or failed): every reader gets what is queued, then the end; later readers get the end.</summary>
    public void Complete()
    {
        BoundedLiveFeed[] feeds;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            feeds = _feeds;
            _feeds = [];
        }

        foreach (var feed in feeds)
        {
            feed.Complete();
        }
    }
}
