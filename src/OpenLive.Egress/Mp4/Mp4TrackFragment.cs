namespace OpenLive.Egress.Mp4;

/// <summary>
/// One track's samples waiting for the next fragment: their bytes back to back in one pooled buffer and their decode
/// times, sizes and sync flags in a reused array. A sample's duration is the delta to the next sample's decode time
/// (the RTP timestamps give no durations), so the newest sample stays "pending" until its successor arrives; the
/// completed ones are what a fragment takes. After the arrays have grown to a fragment's worth, nothing allocates.
/// </summary>
/// <param name="trackId">The track_ID in 'tkhd', 'tfhd' and 'trex'.</param>
/// <param name="timescale">Ticks per second of decode times (the RTP clock rate).</param>
/// <param name="defaultDuration">The duration of a track's only sample, when no delta ever gave one.</param>
internal sealed class Mp4TrackFragment(uint trackId, int timescale, uint defaultDuration) : IDisposable
{
    // 14496-12 §8.8.3.1 sample flags: sample_depends_on = 2 (depends on no other: a sync sample), or
    // sample_depends_on = 1 with sample_is_non_sync_sample set.
    private const uint SyncSampleFlags = 0x0200_0000;
    private const uint NonSyncSampleFlags = 0x0101_0000;

    private readonly Mp4BoxWriter data = new(64 * 1024);
    private Sample[] samples = new Sample[128];
    private int completedBytes;
    private bool hasPending;
    private long pendingDts;
    private bool pendingSync;
    private int pendingSize;
    private uint lastDuration = defaultDuration;
    private long lastDts;
    private bool hasLast;

    public uint TrackId { get; } = trackId;

    public int Timescale { get; } = timescale;

    /// <summary>Completed samples, ready for a fragment.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the completed samples.</summary>
    public int CompletedBytes => completedBytes;

    /// <summary>Ticks covered by the completed samples.</summary>
    public long CompletedDuration { get; private set; }

    /// <summary>Whether the first completed sample is a sync sample (an 'mfra' entry for video).</summary>
    public bool StartsWithSync => Count > 0 && samples[0].Sync;

    /// <summary>Decode time of the first completed sample (track-relative: the writer adds the track's offset).</summary>
    public long FirstDts => samples[0].Dts;

    /// <summary>Whether a sample has been added and not yet written.</summary>
    public bool HasPending => hasPending;

    /// <summary>
    /// Completes the pending sample (its duration is the delta to <paramref name="dts"/>) and starts a new pending one
    /// of <paramref name="size"/> bytes, returned to be filled.
    /// </summary>
    public Span<byte> Add(long dts, bool sync, int size)
    {
        dts = Forward(dts);
        CompletePending(dts);
        hasPending = true;
        pendingDts = dts;
        lastDts = dts;
        hasLast = true;
        pendingSync = sync;
        pendingSize = size;
        return data.Take(size);
    }

    /// <summary>Completes the pending sample, its duration running up to <paramref name="nextDts"/> (the next sample's).</summary>
    public void CompletePending(long nextDts)
    {
        if (hasPending)
        {
            Complete((uint)Math.Min(Forward(nextDts) - pendingDts, uint.MaxValue));
        }
    }

    /// <summary>Completes the pending sample with the previous sample's duration (the end of a recording).</summary>
    public void CompleteLast()
    {
        if (hasPending)
        {
            Complete(lastDuration);
        }
    }

    /// <summary>Drops the completed samples, keeping the pending one (audio waiting too long for the first video keyframe).</summary>
    public void DiscardCompleted() => ClearCompleted();

    /// <summary>
    /// Writes this track's 'traf' into <paramref name="moof"/>; returns where the trun's data_offset field is, for the
    /// writer to patch when the 'moof' size is known.
    /// <code>
    /// traf
    /// +-- tfhd  flags 0x020000 default-base-is-moof; track_ID
    /// +-- tfdt  version 1: baseMediaDecodeTime (64 bits)
    /// +-- trun  flags 0x000701: data_offset, then per sample duration, size, flags
    /// </code>
    /// </summary>
    public int WriteTraf(Mp4BoxWriter moof, long decodeTimeOffset)
    {
        var traf = moof.BeginBox("traf"u8);
        var tfhd = moof.BeginFullBox("tfhd"u8, 0, 0x02_0000);
        moof.WriteUInt32(TrackId);
        moof.EndBox(tfhd);
        var tfdt = moof.BeginFullBox("tfdt"u8, 1, 0);
        moof.WriteUInt64((ulong)Math.Max(0, FirstDts + decodeTimeOffset));
        moof.EndBox(tfdt);
        var trun = moof.BeginFullBox("trun"u8, 0, 0x00_0701);
        moof.WriteUInt32((uint)Count);
        var dataOffsetAt = moof.Length;
        moof.WriteUInt32(0);
        for (var i = 0; i < Count; i++)
        {
            moof.WriteUInt32(samples[i].Duration);
            moof.WriteUInt32((uint)samples[i].Size);
            moof.WriteUInt32(samples[i].Sync ? SyncSampleFlags : NonSyncSampleFlags);
        }

        moof.EndBox(trun);
        moof.EndBox(traf);
        return dataOffsetAt;
    }

    /// <summary>Appends the completed samples' bytes (this track's run in the 'mdat') to <paramref name="output"/>.</summary>
    public void WriteData(Mp4BoxWriter output) => output.WriteBytes(data.Written[..completedBytes]);

    /// <summary>Forgets the completed samples (written), moving the pending sample's bytes to the front.</summary>
    public void ClearCompleted()
    {
        if (hasPending && completedBytes > 0)
        {
            var pending = data.Written.Slice(completedBytes, pendingSize);
            data.Reset();
            pending.CopyTo(data.Take(pendingSize));
        }
        else if (!hasPending)
        {
            data.Reset();
        }

        completedBytes = 0;
        Count = 0;
        CompletedDuration = 0;
    }

    public void Dispose() => data.Dispose();

    /// <summary>Decode times only go forward: one not after the previous sample's is moved one tick after it.</summary>
    private long Forward(long dts) => hasLast && dts <= lastDts ? lastDts + 1 : dts;

    private void Complete(uint duration)
    {
        if (Count == samples.Length)
        {
            Array.Resize(ref samples, samples.Length * 2);
        }

        samples[Count++] = new Sample(pendingDts, pendingSize, duration, pendingSync);
        completedBytes += pendingSize;
        CompletedDuration += duration;
        lastDuration = duration;
        hasPending = false;
    }

    private readonly record struct Sample(long Dts, int Size, uint Duration, bool Sync);
}
