using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Tracks the sequence numbers received on one RTP stream and decides which missing ones to request with generic
/// NACKs (RFC 4585 §6.2.1): each at most <see cref="NackTrackerOptions.MaxRequests"/> times, spaced by
/// <see cref="RetryInterval"/>, and given up when older than <see cref="NackTrackerOptions.MaxAge"/> or more than
/// <see cref="NackTrackerOptions.MaxPacketsBehind"/> packets behind. Handles wrap, reordering and duplicates.
/// Times are <see cref="TimeSpan"/>s on any monotonic clock (for example <see cref="TimeProvider.GetElapsedTime(long)"/>
/// from a fixed start). Memory is fixed at construction; nothing is allocated afterwards. Not thread-safe.
/// </summary>
public sealed class NackTracker
{
    private const long Empty = -1;

    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _maxRequests;
    private readonly TimeSpan _maxAge;
    private readonly int _maxBehind;
    private readonly TimeSpan _firstRequestDelay;
    private SequenceUnwrapper _unwrapper;
    private long _highest = Empty;
    private long _oldestTracked;

    /// <summary>Creates a tracker with the given limits, or the defaults.</summary>
    public NackTracker(NackTrackerOptions? options = null)
    {
        options ??= new NackTrackerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRequests, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRequests, byte.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPacketsBehind, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxPacketsBehind, NackTrackerOptions.MaxWindow);
        _maxRequests = options.MaxRequests;
        _maxAge = options.MaxAge;
        _maxBehind = options.MaxPacketsBehind;
        _firstRequestDelay = options.FirstRequestDelay;
        RetryInterval = options.InitialRetryInterval;

        // A power of two above the window, so a slot is never reused while its sequence number is still tracked.
        var size = 1;
        while (size <= _maxBehind + 1)
        {
            size <<= 1;
        }

        _entries = new Entry[size];
        _mask = size - 1;
        _entries.AsSpan().Fill(new Entry { Sequence = Empty });
    }

    /// <summary>Spacing between requests for the same packet; set it from the measured round-trip time.</summary>
    public TimeSpan RetryInterval { get; set; }

    /// <summary>Number of sequence numbers currently missing and not yet given up.</summary>
    public int MissingCount { get; private set; }

    /// <summary>Records a received sequence number (original or retransmitted) at time <paramref name="now"/>.</summary>
    public NackRecordResult Record(ushort sequenceNumber, TimeSpan now)
    {
        var sequence = _unwrapper.Peek(sequenceNumber);
        if (_highest == Empty)
        {
            _unwrapper.Unwrap(sequenceNumber);
            _highest = sequence;
            _oldestTracked = sequence + 1;
            return NackRecordResult.InOrder;
        }

        if (sequence > _highest)
        {
            _unwrapper.Unwrap(sequenceNumber);
            var gap = sequence - _highest - 1;
            if (gap > _maxBehind)
            {
                Clear();
                _highest = sequence;
                _oldestTracked = sequence + 1;
                return NackRecordResult.Reset;
            }

            // What the advance pushes out of the window is given up now, so MissingCount stays exact.
            var floor = sequence - _maxBehind;
            for (var old = _oldestTracked; old < floor && old <= _highest; old++)
            {
                Drop(old);
            }

            if (_oldestTracked > _highest)
            {
                _oldestTracked = _highest + 1;
            }

            _oldestTracked = Math.Max(_oldestTracked, floor);
            for (var missing = _highest + 1; missing < sequence; missing++)
            {
                _entries[missing & _mask] = new Entry { Sequence = missing, SeenAt = now };
                MissingCount++;
            }

            _highest = sequence;
            return gap > 0 ? NackRecordResult.GapDetected : NackRecordResult.InOrder;
        }

        if (_highest - sequence > _maxBehind)
        {
            return NackRecordResult.TooOld;
        }

        ref var slot = ref _entries[sequence & _mask];
        if (slot.Sequence != sequence)
        {
            return NackRecordResult.Duplicate;
        }

        slot.Sequence = Empty;
        MissingCount--;
        return NackRecordResult.Recovered;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the sequence numbers to request at <paramref name="now"/>, oldest
    /// first, and counts them as requested. Drops what is too old or asked for too often. Returns how many were written.
    /// </summary>
    public int CollectRequests(TimeSpan now, Span<ushort> destination) => Collect(now, destination, int.MaxValue);

    /// <summary>
    /// Writes a generic NACK with the sequence numbers due at <paramref name="now"/>, as many as fit in
    /// <paramref name="destination"/>; those are counted as requested. False if none are due or not even one fits.
    /// </summary>
    public bool TryWriteNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, TimeSpan now, out int written)
    {
        written = 0;
        var maxEntries = (Math.Min(destination.Length, RtcpHeader.MaxPacketLength) - RtcpFeedback.HeaderLength) / GenericNack.EntryLength;
        if (maxEntries < 1)
        {
            return false;
        }

        Span<ushort> due = stackalloc ushort[NackTrackerOptions.MaxWindow + 1];
        var count = Collect(now, due, maxEntries);
        return count > 0 && GenericNack.TryWrite(destination, senderSsrc, mediaSsrc, due[..count], out written);
    }

    private int Collect(TimeSpan now, Span<ushort> destination, int maxEntries)
    {
        var count = 0;
        var entries = 0;
        ushort pid = 0;
        var oldestKept = _highest + 1;
        for (var sequence = _oldestTracked; sequence < _highest; sequence++)
        {
            ref var entry = ref _entries[sequence & _mask];
            if (entry.Sequence != sequence)
            {
                continue;
            }

            var sinceSeen = now - entry.SeenAt;
            var sinceRequested = now - entry.RequestedAt;
            if (sinceSeen > _maxAge || (entry.Requests >= _maxRequests && sinceRequested >= RetryInterval))
            {
                entry.Sequence = Empty;
                MissingCount--;
                continue;
            }

            oldestKept = Math.Min(oldestKept, sequence);
            var isDue = entry.Requests == 0 ? sinceSeen >= _firstRequestDelay : entry.Requests < _maxRequests && sinceRequested >= RetryInterval;
            if (!isDue || count == destination.Length)
            {
                continue;
            }

            // Pack as the NACK writer will: a new PID/BLP entry whenever the distance from the last PID exceeds 16.
            var distance = (ushort)(sequence - pid);
            if (entries == 0 || distance > 16)
            {
                if (entries == maxEntries)
                {
                    continue;
                }

                entries++;
                pid = (ushort)sequence;
            }

            destination[count++] = (ushort)sequence;
            entry.Requests++;
            entry.RequestedAt = now;
        }

        _oldestTracked = oldestKept;
        return count;
    }

    private void Drop(long sequence)
    {
        ref var entry = ref _entries[sequence & _mask];
        if (entry.Sequence == sequence)
        {
            entry.Sequence = Empty;
            MissingCount--;
        }
    }

    private void Clear()
    {
        _entries.AsSpan().Fill(new Entry { Sequence = Empty });
        MissingCount = 0;
    }

    private struct Entry
    {
        public long Sequence;
        public TimeSpan SeenAt;
        public TimeSpan RequestedAt;
        public int Requests;
    }
}
