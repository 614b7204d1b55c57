using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>
/// A live source over a pre-made file, as the WebM / fragmented-MP4 writers will be one: a clock publishes the next
/// cluster/fragment every <c>interval</c> (from the first open on) to every open feed whether anyone reads or not; a feed opened later starts
/// with the header and then the next keyframe chunk (<see cref="BoundedLiveFeed"/>). After the last chunk the source
/// has ended and every feed completes.
/// </summary>
internal sealed class FileFeedSource : ILiveFeedSource, IAsyncDisposable
{
    private readonly byte[] _header;
    private readonly List<(byte[] Bytes, bool Keyframe)> _chunks;
    private readonly TimeSpan _interval;
    private readonly List<BoundedLiveFeed> _feeds = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _clock;
    private int _opened;
    private int _published;
    private bool _ended;

    public FileFeedSource(LiveFeedFormat format, byte[] header, List<(byte[] Bytes, bool Keyframe)> chunks, TimeSpan interval)
    {
        Format = format;
        _header = header;
        _chunks = chunks;
        _interval = interval;
    }

    public LiveFeedFormat Format { get; }

    /// <summary>How many feeds were opened (one per ffmpeg start: a fresh header each).</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>How many chunks the clock has published so far.</summary>
    public int Published => Volatile.Read(ref _published);

    public ILiveFeed OpenFromNextKeyframe()
    {
        Interlocked.Increment(ref _opened);
        var feed = new BoundedLiveFeed(_header, 8 * 1024 * 1024);
        lock (_feeds)
        {
            if (_ended)
            {
                feed.Complete();
            }
            else
            {
                _feeds.Add(feed);
                _clock ??= Task.Run(PublishAsync);
            }
        }

        return feed;
    }

    private async Task PublishAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            foreach (var (bytes, keyframe) in _chunks)
            {
                await timer.WaitForNextTickAsync(_stop.Token);
                lock (_feeds)
                {
                    _feeds.RemoveAll(feed => feed.IsClosed);
                    foreach (var feed in _feeds)
                    {
                        feed.TryWrite(bytes, keyframe);
                    }
                }

                Interlocked.Increment(ref _published);
            }
        }
        catch (OperationCanceledException)
        {
        }

        lock (_feeds)
        {
            _ended = true;
            foreach (var feed in _feeds)
            {
                feed.Complete();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task? clock;
        lock (_feeds)
        {
            clock = _clock;
        }

        if (clock is not null)
        {
            await clock;
        }

        _stop.Dispose();
    }
}
