namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// What may be resent to one peer in answer to its NACKs: a token bucket on packets and one on bytes, refilled
/// continuously from a <see cref="TimeProvider"/> and holding a burst's worth of each (a quarter second unless told),
/// so a peer that NACKs everything — or aims our resends at a third party — gets at most a fixed share of the stream's
/// rate, never an amplification of its NACK. One budget is shared by all the <see cref="NackResponder"/>s of one peer
/// (the SFU's per subscriber, the client's per connection); as libwebrtc's retransmission rate limiter and LiveKit's
/// per-subscriber NACK limits do, it bounds the peer, not each stream.
/// </summary>
/// <remarks>
/// One thread takes from it (the thread that answers the peer's RTCP); <see cref="Refused"/> may be read from any
/// thread. Allocation-free. <see cref="Unlimited"/> refuses nothing and keeps no state.
/// </remarks>
public sealed class RetransmissionBudget
{
    /// <summary>The default burst: a loss burst's repair, not a flood.</summary>
    public static readonly TimeSpan DefaultBurst = TimeSpan.FromMilliseconds(250);

    /// <summary>Smallest byte allowance a bucket holds: one full-size packet must always fit.</summary>
    private const double MinBurstBytes = 1500;

    private readonly TimeProvider? _time;
    private readonly double _packetsPerSecond;
    private readonly double _bytesPerSecond;
    private readonly double _maxPackets;
    private readonly double _maxBytes;
    private double _packets;
    private double _bytes;
    private long _refilledAt;
    private long _refused;

    /// <summary>
    /// A budget of <paramref name="packetsPerSecond"/> packets and <paramref name="bytesPerSecond"/> bytes a second,
    /// holding <paramref name="burst"/>'s worth of each (<see cref="DefaultBurst"/> when null), full at the start.
    /// </summary>
    public RetransmissionBudget(int packetsPerSecond, int bytesPerSecond, TimeProvider time, TimeSpan? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, (int)MinBurstBytes);
        ArgumentNullException.ThrowIfNull(time);
        var seconds = (burst ?? DefaultBurst).TotalSeconds;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(seconds, 0, nameof(burst));
        _time = time;
        _packetsPerSecond = packetsPerSecond;
        _bytesPerSecond = bytesPerSecond;
        _maxPackets = Math.Max(1, packetsPerSecond * seconds);
        _maxBytes = Math.Max(MinBurstBytes, bytesPerSecond * seconds);
        _packets = _maxPackets;
        _bytes = _maxBytes;
        _refilledAt = time.GetTimestamp();
    }

    private RetransmissionBudget()
    {
    }

    /// <summary>A budget that allows everything (a responder without a limit); it has no state, so it may be shared by anyone.</summary>
    public static RetransmissionBudget Unlimited { get; } = new();

    /// <summary>Resends refused because the budget was spent.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>
    /// Takes one packet of <paramref name="length"/> bytes (as it goes on the wire) from the budget; false, with
    /// nothing taken and the refusal counted, when it does not fit.
    /// </summary>
    public bool TryTake(int length)
    {
        if (_time is null)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        var elapsed = now - _refilledAt;
        if (elapsed > 0)
        {
            var seconds = elapsed / (double)_time.TimestampFrequency;
            _packets = Math.Min(_maxPackets, _packets + (seconds * _packetsPerSecond));
            _bytes = Math.Min(_maxBytes, _bytes + (seconds * _bytesPerSecond));
            _refilledAt = now;
        }

        if (_packets < 1 || _bytes < length)
        {
            Volatile.Write(ref _refused, _refused + 1);
            return false;
        }

        _packets--;
        _bytes -= length;
        return true;
    }
}
