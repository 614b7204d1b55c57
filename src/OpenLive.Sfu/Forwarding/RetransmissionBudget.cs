namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// What one subscriber may have resent to it: a token bucket on packets and one on bytes, refilled continuously at
/// <see cref="SfuOptions.RetransmitPacketsPerSecond"/> and <see cref="SfuOptions.RetransmitBytesPerSecond"/> and holding a
/// quarter second's worth of each, so a subscriber that NACKs everything (or aims our resends at a third party) gets at
/// most a fixed share of its stream's rate, never an amplification of its NACK. Media thread only; allocation-free.
/// </summary>
internal sealed class RetransmissionBudget
{
    /// <summary>The bucket holds this fraction of a second's allowance: a loss burst's repair, not a flood.</summary>
    private const double BurstSeconds = 0.25;

    private readonly double _packetsPerSecond;
    private readonly double _bytesPerSecond;
    private readonly double _maxPackets;
    private readonly double _maxBytes;
    private double _packets;
    private double _bytes;
    private long _refilledAt;

    public RetransmissionBudget(int packetsPerSecond, int bytesPerSecond, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1500);
        _packetsPerSecond = packetsPerSecond;
        _bytesPerSecond = bytesPerSecond;
        _maxPackets = Math.Max(1, packetsPerSecond * BurstSeconds);
        _maxBytes = Math.Max(1500, bytesPerSecond * BurstSeconds);
        _packets = _maxPackets;
        _bytes = _maxBytes;
        _refilledAt = now;
    }

    /// <summary>Resends refused because the budget was spent.</summary>
    public long Refused { get; private set; }

    /// <summary>Takes one packet of <paramref name="length"/> bytes from the budget; false (nothing taken) when it does not fit.</summary>
    public bool TryTake(int length, long now, long timestampFrequency)
    {
        var elapsed = now - _refilledAt;
        if (elapsed > 0)
        {
            var seconds = elapsed / (double)timestampFrequency;
            _packets = Math.Min(_maxPackets, _packets + (seconds * _packetsPerSecond));
            _bytes = Math.Min(_maxBytes, _bytes + (seconds * _bytesPerSecond));
            _refilledAt = now;
        }

        if (_packets < 1 || _bytes < length)
        {
            Refused++;
            return false;
        }

        _packets--;
        _bytes -= length;
        return true;
    }
}
