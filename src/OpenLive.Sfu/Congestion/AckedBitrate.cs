namespace OpenLive.Sfu.Congestion;

/// <summary>
/// The rate the subscriber actually received, from its transport-wide CC feedback: bytes of received packets over the
/// last half second of their arrival times (the subscriber's clock), in 50 ms buckets. What GCC decreases from on
/// over-use, and what bounds how far the estimate may grow past what is being sent.
/// </summary>
internal sealed class AckedBitrate
{
    private const long BucketMicroseconds = 50_000;
    private const int Buckets = 10;

    private readonly long[] _bytes = new long[Buckets];
    private readonly long[] _bucket = new long[Buckets];
    private long _latestBucket = long.MinValue;
    private long _latestArrival;
    private long _firstBucket = long.MinValue;

    public AckedBitrate() => _bucket.AsSpan().Fill(long.MinValue);

    public void Add(long arrivalMicroseconds, int size)
    {
        var bucket = Math.DivRem(arrivalMicroseconds, BucketMicroseconds, out var remainder) - (remainder < 0 ? 1 : 0);
        if (_latestBucket != long.MinValue && bucket <= _latestBucket - Buckets)
        {
            return; // Older than the window.
        }

        var slot = (int)(((bucket % Buckets) + Buckets) % Buckets);
        if (_bucket[slot] != bucket)
        {
            _bucket[slot] = bucket;
            _bytes[slot] = 0;
        }

        _bytes[slot] += size;
        if (bucket > _latestBucket || _latestBucket == long.MinValue)
        {
            _latestBucket = bucket;
        }

        _latestArrival = Math.Max(_latestArrival, arrivalMicroseconds);
        if (_firstBucket == long.MinValue)
        {
            _firstBucket = bucket;
        }
    }

    /// <summary>Bits per second over the window; 0 until 100 ms of arrivals are known.</summary>
    public long BitsPerSecond
    {
        get
        {
            if (_latestBucket == long.MinValue)
            {
                return 0;
            }

            var from = Math.Max(_latestBucket - Buckets + 1, _firstBucket);
            long bytes = 0;
            for (var i = 0; i < Buckets; i++)
            {
                if (_bucket[i] >= from && _bucket[i] <= _latestBucket)
                {
                    bytes += _bytes[i];
                }
            }

            var span = _latestArrival - (from * BucketMicroseconds);
            return span < 2 * BucketMicroseconds ? 0 : bytes * 8 * 1_000_000 / span;
        }
    }
}
