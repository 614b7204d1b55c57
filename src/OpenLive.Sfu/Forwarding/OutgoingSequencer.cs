namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Rewrites the sequence numbers and timestamps of one forwarded track so the subscriber sees a single continuous RTP
/// stream while the SFU switches between sources (simulcast layers) underneath it and drops packets on purpose
/// (temporal layers above the subscriber's target). Within one source the mapping is an offset that changes only where
/// the track dropped the newest packet, so reordering and network gaps pass through unchanged and the subscriber's NACKs
/// stay meaningful; at a switch the new source continues one sequence number and a wall-clock-derived timestamp step
/// after the last packet sent. It also remembers which source packet each recent outgoing sequence number carried, to
/// answer NACKs across switches.
/// </summary>
internal sealed class OutgoingSequencer
{
    private const int HistorySize = 1024;

    /// <summary>Offset changes (drops) remembered per run, for placing late packets; older late packets are not forwarded.</summary>
    private const int OffsetChanges = 64;

    /// <summary>How far behind the newest packet a late one may be and still be placed (half of what 16-bit arithmetic can tell apart, with margin).</summary>
    private const ushort LateWindow = 0x2000;

    /// <summary>Sources (simulcast layers) a track can have.</summary>
    public const int MaxSources = 8;

    private readonly ushort[] _historySource = new ushort[HistorySize];
    private readonly ushort[] _historyOutgoing = new ushort[HistorySize];
    private readonly ushort[] _historyIncoming = new ushort[HistorySize];
    private readonly bool[] _historyValid = new bool[HistorySize];
    private readonly uint[] _sourceTimestampOffsets = new uint[MaxSources];

    // The run's offsets, newest last: incoming packets from _changeFrom[i] on (until the next change) get _changeOffset[i].
    // The oldest kept entry starts at the run's first packet (or, in a long run, some packet safely behind the window).
    private readonly ushort[] _changeFrom = new ushort[OffsetChanges];
    private readonly ushort[] _changeOffset = new ushort[OffsetChanges];
    private int _changeNewest;
    private int _changeCount;

    private bool _started;
    private int _source = -1;
    private ushort _highestIncoming;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private ushort _lastOutgoingSequence;
    private uint _lastOutgoingTimestamp;
    private long _lastOutgoingTime;

    /// <summary>The source (layer) whose packets are being forwarded, -1 before the first.</summary>
    public int CurrentSource => _source;

    /// <summary>The highest sequence number sent so far.</summary>
    public ushort LastSequence => _lastOutgoingSequence;

    /// <summary>The timestamp offset now in use (outgoing = incoming + offset), for translating sender reports.</summary>
    public uint TimestampOffset => _timestampOffset;

    /// <summary>
    /// Maps one incoming packet. <paramref name="canSwitch"/> says the packet may start a new source (a keyframe start, or
    /// any packet for audio). Returns false when the packet must not be forwarded (another source, or older than the
    /// current source's first packet or than what can still be placed).
    /// </summary>
    public bool TryMap(int source, ushort sequence, uint timestamp, long now, long timestampFrequency, int clockRate, bool canSwitch,
        out ushort outgoingSequence, out uint outgoingTimestamp)
    {
        outgoingSequence = 0;
        outgoingTimestamp = 0;
        ushort offset;
        if (source != _source)
        {
            if (!canSwitch)
            {
                return false;
            }

            StartRun(source, sequence, timestamp, now, timestampFrequency, clockRate);
            offset = _sequenceOffset;
        }
        else if (IsNewest(sequence))
        {
            offset = _sequenceOffset;
        }
        else if (!TryOffsetAt(sequence, out offset))
        {
            // Sent before this run began (its place in the outgoing numbering belongs to the previous source), or too old.
            return false;
        }

        outgoingSequence = (ushort)(sequence + offset);
        outgoingTimestamp = timestamp + _timestampOffset;
        if ((short)(ushort)(outgoingSequence - _lastOutgoingSequence) > 0 || !_started)
        {
            _lastOutgoingSequence = outgoingSequence;
            _lastOutgoingTimestamp = outgoingTimestamp;
            _lastOutgoingTime = now;
            _started = true;
        }

        var slot = outgoingSequence % HistorySize;
        _historyOutgoing[slot] = outgoingSequence;
        _historyIncoming[slot] = sequence;
        _historySource[slot] = (ushort)source;
        _historyValid[slot] = true;
        return true;
    }

    /// <summary>
    /// The track drops <paramref name="sequence"/> of <paramref name="source"/> on purpose (a temporal layer above its
    /// target): when it is the newest packet, the packets after it move down one number so the subscriber sees no gap
    /// (and NACKs nothing the SFU never sent). With <paramref name="gapIsDropped"/> (the packets missing just before it
    /// belong to the same dropped picture, so they would be dropped too), they are taken out of the numbering as well.
    /// A late packet dropped keeps its number: its neighbours were already sent, so it stays a gap.
    /// </summary>
    public void Drop(int source, ushort sequence, bool gapIsDropped)
    {
        var missingBefore = (ushort)(sequence - _highestIncoming - 1);
        if (source != _source || !IsNewest(sequence))
        {
            return;
        }

        var removed = (ushort)(1 + (gapIsDropped ? missingBefore : 0));
        _sequenceOffset = (ushort)(_sequenceOffset - removed);
        _changeNewest = (_changeNewest + 1) % OffsetChanges;
        _changeCount = Math.Min(_changeCount + 1, OffsetChanges);
        _changeFrom[_changeNewest] = (ushort)(sequence + 1);
        _changeOffset[_changeNewest] = _sequenceOffset;
    }

    /// <summary>The timestamp offset that was applied to <paramref name="source"/>'s packets when it was last forwarded.</summary>
    public uint TimestampOffsetFor(int source) => (uint)source < MaxSources ? _sourceTimestampOffsets[source] : _timestampOffset;

    /// <summary>The source and incoming sequence number that an outgoing sequence number carried, if still remembered.</summary>
    public bool TryResolve(ushort outgoingSequence, out int source, out ushort incomingSequence)
    {
        var slot = outgoingSequence % HistorySize;
        if (_historyValid[slot] && _historyOutgoing[slot] == outgoingSequence)
        {
            source = _historySource[slot];
            incomingSequence = _historyIncoming[slot];
            return true;
        }

        source = -1;
        incomingSequence = 0;
        return false;
    }

    /// <summary>True (and remembered) when <paramref name="sequence"/> is newer than every packet of the run so far.</summary>
    private bool IsNewest(ushort sequence)
    {
        if ((short)(ushort)(sequence - _highestIncoming) <= 0)
        {
            return false;
        }

        _highestIncoming = sequence;

        // Keep every kept change within 16-bit reach of the newest packet: changes wholly behind the late window matter
        // only through the newest of them, which then stands in for all before it at a fixed distance behind.
        while (_changeCount > 1 && (ushort)(sequence - _changeFrom[OldestChange(1)]) > LateWindow)
        {
            _changeCount--;
        }

        var oldest = OldestChange(0);
        if ((ushort)(sequence - _changeFrom[oldest]) > 0x4000)
        {
            _changeFrom[oldest] = (ushort)(sequence - 0x4000);
        }

        return true;
    }

    /// <summary>The index of the kept change <paramref name="after"/> places after the oldest.</summary>
    private int OldestChange(int after) => (_changeNewest - _changeCount + 1 + after + OffsetChanges) % OffsetChanges;

    private bool TryOffsetAt(ushort sequence, out ushort offset)
    {
        var age = (ushort)(_highestIncoming - sequence);
        if (age <= LateWindow)
        {
            for (int i = 0, index = _changeNewest; i < _changeCount; i++, index = (index - 1 + OffsetChanges) % OffsetChanges)
            {
                if ((ushort)(_highestIncoming - _changeFrom[index]) >= age)
                {
                    offset = _changeOffset[index];
                    return true;
                }
            }
        }

        offset = 0;
        return false;
    }

    private void StartRun(int source, ushort sequence, uint timestamp, long now, long timestampFrequency, int clockRate)
    {
        if (_started)
        {
            _sequenceOffset = (ushort)(_lastOutgoingSequence + 1 - sequence);
            var elapsedTicks = Math.Max(0, now - _lastOutgoingTime);
            var step = (uint)Math.Max(1, elapsedTicks * clockRate / timestampFrequency);
            _timestampOffset = _lastOutgoingTimestamp + step - timestamp;
        }

        _source = source;
        _highestIncoming = sequence;
        _changeNewest = 0;
        _changeCount = 1;
        _changeFrom[0] = sequence;
        _changeOffset[0] = _sequenceOffset;
        if ((uint)source < MaxSources)
        {
            _sourceTimestampOffsets[source] = _timestampOffset;
        }
    }
}
