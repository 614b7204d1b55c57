using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// The receive side of transport-wide congestion control: records the transport-wide sequence number and arrival
/// time of every packet received on a transport, and turns them into feedback packets
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) whenever the owner's timer asks (typically every
/// 50–100 ms). Handles sequence wrap, reordering and duplicates; memory is fixed at construction and nothing
/// is allocated afterwards. Not thread-safe: one transport's receive loop owns it.
/// </summary>
public sealed class TransportCcRecorder
{
    private readonly TimeSpan[] _arrivals;
    private readonly TimeSpan[] _scratch;
    private readonly uint _senderSsrc;
    private SequenceUnwrapper _unwrapper;
    private long _nextToReport = -1;
    private long _highest = -1;
    private byte _feedbackCount;

    /// <summary>Creates a recorder that reports as <paramref name="senderSsrc"/> and remembers up to <paramref name="capacity"/> unreported sequence numbers.</summary>
    public TransportCcRecorder(uint senderSsrc, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, ushort.MaxValue);
        _senderSsrc = senderSsrc;
        _arrivals = new TimeSpan[capacity];
        _scratch = new TimeSpan[capacity];
    }

    /// <summary>Whether packets were recorded that no feedback has reported yet.</summary>
    public bool HasPendingFeedback => _nextToReport >= 0 && _nextToReport <= _highest;

    /// <summary>
    /// Records a received packet. A packet older than what was already reported is ignored; a duplicate keeps the
    /// first arrival. If the unreported range would outgrow the capacity, its oldest part is dropped unreported.
    /// </summary>
    public void Record(ushort transportSequenceNumber, TimeSpan arrivalTime)
    {
        var sequence = _unwrapper.Peek(transportSequenceNumber);
        if (_highest < 0)
        {
            _unwrapper.Unwrap(transportSequenceNumber);
            _nextToReport = sequence;
            _highest = sequence;
            _arrivals[Slot(sequence)] = arrivalTime;
            return;
        }

        if (sequence < _nextToReport)
        {
            return;
        }

        if (sequence > _highest)
        {
            _unwrapper.Unwrap(transportSequenceNumber);
            var capacity = _arrivals.Length;
            if (sequence - _nextToReport >= capacity)
            {
                _nextToReport = sequence - capacity + 1;
            }

            for (var missing = Math.Max(_highest + 1, _nextToReport); missing < sequence; missing++)
            {
                _arrivals[Slot(missing)] = TransportCcWriter.NotReceived;
            }

            _highest = sequence;
            _arrivals[Slot(sequence)] = arrivalTime;
            return;
        }

        // Reordered or duplicate: fill the hole, keep the first arrival of a duplicate.
        ref var slot = ref _arrivals[Slot(sequence)];
        if (slot == TransportCcWriter.NotReceived)
        {
            slot = arrivalTime;
        }
    }

    /// <summary>
    /// Writes one feedback packet for the oldest unreported packets, as many as fit in <paramref name="destination"/>;
    /// call again while it returns true and <see cref="HasPendingFeedback"/> holds to report the rest.
    /// False if nothing is pending or the destination cannot hold even one packet's report.
    /// </summary>
    public bool TryWriteFeedback(Span<byte> destination, uint mediaSsrc, out int written)
    {
        written = 0;
        if (!HasPendingFeedback)
        {
            return false;
        }

        // The ring may wrap; the writer wants one contiguous run of arrivals.
        var count = (int)(_highest - _nextToReport + 1);
        var first = Slot(_nextToReport);
        var head = Math.Min(count, _arrivals.Length - first);
        _arrivals.AsSpan(first, head).CopyTo(_scratch);
        _arrivals.AsSpan(0, count - head).CopyTo(_scratch.AsSpan(head));

        if (!TransportCcWriter.TryWrite(destination, _senderSsrc, mediaSsrc, (ushort)_nextToReport, _feedbackCount, _scratch.AsSpan(0, count), out written, out var reported))
        {
            return false;
        }

        _nextToReport += reported;
        _feedbackCount++;
        return true;
    }

    private int Slot(long sequence) => (int)(sequence % _arrivals.Length);
}
