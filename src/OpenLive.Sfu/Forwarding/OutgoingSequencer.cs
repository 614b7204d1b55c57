namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Rewrites the sequence numbers and timestamps of one forwarded track so the subscriber sees a single continuous RTP
/// stream while the SFU switches between sources (simulcast layers) underneath it. Within one source the mapping is a
/// fixed offset, so reordering and gaps pass through unchanged and the subscriber's NACKs stay meaningful; at a switch
/// the new source continues one sequence number and a wall-clock-derived timestamp step after the last packet sent.
/// It also remembers which source packet each recent outgoing sequence number carried, to answer NACKs across switches.
/// </summary>
internal sealed class OutgoingSequencer
{
    private const int HistorySize = 1024;

    /// <summary>Sources (simulcast layers) a track can have.</summary>
    public const int MaxSources = 8;

    private readonly ushort[] _historySource = new ushort[HistorySize];
    private readonly ushort[] _historyOutgoing = new ushort[HistorySize];
    private readonly ushort[] _historyIncoming = new ushort[HistorySize];
    private readonly bool[] _historyValid = new bool[HistorySize];
    private readonly uint[] _sourceTimestampOffsets = new uint[MaxSources];

    private bool _started;
    private int _source = -1;
    private ushort _runFirstIncoming;
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
    /// current source's first packet).
    /// </summary>
    public bool TryMap(int source, ushort sequence, uint timestamp, long now, long timestampFrequency, int clockRate, bool canSwitch,
        out ushort outgoingSequence, out uint outgoingTimestamp)
    {
        if (source != _source)
        {
            if (!canSwitch)
            {
                outgoingSequence = 0;
                outgoingTimestamp = 0;
                return false;
            }

            StartRun(source, sequence, timestamp, now, timestampFrequency, clockRate);
        }
        else if ((short)(ushort)(sequence - _runFirstIncoming) < 0)
        {
            // Sent before this run began: its place in the outgoing numbering belongs to the previous source.
            outgoingSequence = 0;
            outgoingTimestamp = 0;
            return false;
        }

        outgoingSequence = (ushort)(sequence + _sequenceOffset);
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
        _runFirstIncoming = sequence;
        if ((uint)source < MaxSources)
        {
            _sourceTimestampOffsets[source] = _timestampOffset;
        }
    }
}
