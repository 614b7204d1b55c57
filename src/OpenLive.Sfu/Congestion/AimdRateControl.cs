namespace OpenLive.Sfu.Congestion;

/// <summary>
/// GCC's rate controller (draft-ietf-rmcat-gcc-02 §5.5, with libwebrtc's bounds): over-use cuts the estimate to 85 %
/// of what the subscriber received, under-use holds it while the queue drains, and a normal path lets it grow by up to
/// 8 % a second — never past 1.5 × the received rate plus 10 kbit/s, since growth beyond what is being sent proves
/// nothing (a probe proves it: <see cref="Raise"/>). Loss over 10 % cuts it by half the loss ratio (§6).
/// </summary>
/// <remarks>
/// <see cref="Estimate"/> starts at 0, meaning "no limit seen": the SFU forwards the best layer a subscriber asked for
/// until the path shows congestion, so a viewer on a good path gets the host's top layer at once instead of after a
/// ramp; one on a poor path is cut down at the first over-use or loss report (a few hundred milliseconds).
/// </remarks>
internal sealed class AimdRateControl
{
    public const long MinBitrate = 50_000;

    private const double Beta = 0.85;
    private const long DecreaseIntervalMicroseconds = 200_000;

    private long _lastUpdate = long.MinValue;
    private long _lastDecrease = long.MinValue;
    private bool _holding;

    /// <summary>Bits per second; 0 while no congestion has been seen (no limit).</summary>
    public long Estimate { get; private set; }

    /// <summary>When the estimate was last cut (µs on our clock); <see cref="long.MinValue"/> never.</summary>
    public long LastDecrease => _lastDecrease;

    /// <summary>Applies one feedback's delay signal, at <paramref name="now"/> (µs, our clock).</summary>
    public void Update(BandwidthUsage usage, long acked, long now)
    {
        var elapsed = _lastUpdate == long.MinValue ? 0 : now - _lastUpdate;
        _lastUpdate = now;
        switch (usage)
        {
            case BandwidthUsage.Overusing:
                Decrease(acked > 0 ? (long)(acked * Beta) : (long)(Estimate * Beta), now);
                _holding = true;
                break;
            case BandwidthUsage.Underusing:
                _holding = true;
                break;
            default:
                if (_holding)
                {
                    _holding = false;
                }
                else if (Estimate > 0)
                {
                    var grown = (long)(Estimate * Math.Pow(1.08, Math.Min(elapsed / 1e6, 1.0))) + 1_000;
                    var bound = acked > 0 ? (long)(1.5 * acked) + 10_000 : long.MaxValue;
                    Estimate = Math.Max(Estimate, Math.Min(grown, bound));
                }

                break;
        }
    }

    /// <summary>Loss over a window of feedback: above 10 %, cut by half the ratio (from the received rate when unlimited).</summary>
    public void OnLoss(double lossRatio, long acked, long now)
    {
        if (lossRatio <= 0.10)
        {
            return;
        }

        var basis = Estimate > 0 ? Estimate : acked;
        Decrease((long)(basis * (1 - (0.5 * lossRatio))), now);
    }

    /// <summary>Back to "no limit seen" (the subscriber's feedback turned out unusable).</summary>
    public void Reset()
    {
        Estimate = 0;
        _holding = false;
    }

    /// <summary>A probe showed the path carries <paramref name="bitsPerSecond"/>.</summary>
    public void Raise(long bitsPerSecond)
    {
        if (Estimate > 0 && bitsPerSecond > Estimate)
        {
            Estimate = bitsPerSecond;
        }
    }

    private void Decrease(long target, long now)
    {
        if (target <= 0 || (_lastDecrease != long.MinValue && now - _lastDecrease < DecreaseIntervalMicroseconds))
        {
            return; // One cut per 200 ms: the feedback after a cut still shows the queue built before it.
        }

        target = Math.Max(target, MinBitrate);
        Estimate = Estimate == 0 ? target : Math.Min(Estimate, target);
        _lastDecrease = now;
    }
}
