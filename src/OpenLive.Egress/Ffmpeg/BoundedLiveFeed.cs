using System.Threading.Channels;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// An <see cref="ILiveFeed"/> a writer fills without ever blocking: at most a fixed number of bytes queued. When the
/// reader (ffmpeg) is slower and a chunk does not fit, that chunk and every following one are dropped until one that
/// starts with a keyframe — a container stream stays decodable when whole clusters/fragments are missing (each carries
/// its absolute time), not when a cluster is cut or a delta frame follows a gap.
/// </summary>
public sealed class BoundedLiveFeed : ILiveFeed
{
    private readonly Channel<LiveFeedChunk> _queue =
        Channel.CreateUnbounded<LiveFeedChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly long _capacityBytes;
    private byte[]? _header;
    private long _queuedBytes;
    private long _dropped;
    private bool _waitingForKeyframe = true;
    private volatile bool _closed;

    /// <summary>A stream that starts with <paramref name="header"/> (copied) and then takes chunks from a keyframe on.</summary>
    public BoundedLiveFeed(ReadOnlySpan<byte> header, long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        _header = header.ToArray();
        _capacityBytes = capacityBytes;
    }

    /// <summary>
    /// A stream whose header is not known yet (a reader that joined before the writer's first keyframe): the header
    /// comes through <see cref="WriteHeader"/> before any chunk.
    /// </summary>
    internal BoundedLiveFeed(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        _capacityBytes = capacityBytes;
    }

    /// <summary>Whether the reader has gone (disposed): the writer can unsubscribe.</summary>
    public bool IsClosed => _closed;

    /// <summary>Chunks dropped so far (queue full, or waiting for a keyframe after a drop).</summary>
    public long DroppedChunks => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues a copy of one whole cluster/fragment (one writer thread). <see langword="false"/> when it was dropped:
    /// queue full, the stream is waiting for a keyframe, or the reader has gone.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<byte> chunk, bool startsWithKeyframe) => TryWrite(chunk, [], startsWithKeyframe);

    /// <summary>
    /// Queues the header of a stream opened before it was known (see <see cref="BoundedLiveFeed(long)"/>): always taken,
    /// it is the one chunk the reader cannot do without, and it comes once.
    /// </summary>
    internal void WriteHeader(ReadOnlySpan<byte> header)
    {
        if (!_closed)
        {
            // Counted like any chunk: reading it takes its length off again.
            Interlocked.Add(ref _queuedBytes, header.Length);
            _queue.Writer.TryWrite(new LiveFeedChunk(header.ToArray(), false));
        }
    }

    /// <summary>
    /// <see cref="TryWrite(ReadOnlySpan{byte}, bool)"/> for a chunk in two parts (a WebM cluster's ID and size, then
    /// its body), queued as one copy.
    /// </summary>
    internal bool TryWrite(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> rest, bool startsWithKeyframe)
    {
        var length = chunk.Length + rest.Length;
        if (_closed)
        {
            return false;
        }

        if (_waitingForKeyframe && !startsWithKeyframe)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (Interlocked.Read(ref _queuedBytes) + length > _capacityBytes)
        {
            _waitingForKeyframe = true;
            Interlocked.Increment(ref _dropped);
            return false;
        }

        _waitingForKeyframe = false;
        Interlocked.Add(ref _queuedBytes, length);
        var copy = new byte[length];
        chunk.CopyTo(copy);
        rest.CopyTo(copy.AsSpan(chunk.Length));
        if (!_queue.Writer.TryWrite(new LiveFeedChunk(copy, startsWithKeyframe)))
        {
            Interlocked.Add(ref _queuedBytes, -length);
            return false;
        }

        return true;
    }

    /// <summary>The source has ended: the reader gets what is queued, then the end.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <inheritdoc />
    public async ValueTask<LiveFeedChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_header is { } header)
        {
            _header = null;
            return new LiveFeedChunk(header, false);
        }

        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_queue.Reader.TryRead(out var chunk))
            {
                Interlocked.Add(ref _queuedBytes, -chunk.Bytes.Length);
                return chunk;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var chunk))
        {
            Interlocked.Add(ref _queuedBytes, -chunk.Bytes.Length);
        }

        return ValueTask.CompletedTask;
    }
}
