namespace OpenLive.Sfu.Congestion;

/// <summary>
/// GCC's delay-based over-use detection as libwebrtc runs it (its trendline filter, draft-ietf-rmcat-gcc-02 §5.3–5.4):
/// the per-group queuing-delay changes are accumulated and smoothed, a least-squares line is fitted through the last
/// <see cref="Window"/> points, and its slope (scaled by the sample count) is compared with an adaptive threshold.
/// Over the threshold for more than 10 ms, with the slope still rising, is <see cref="BandwidthUsage.Overusing"/>;
/// below minus the threshold is <see cref="BandwidthUsage.Underusing"/>. The threshold follows the trend slowly, so a
/// path with steady jitter, or a competing TCP flow's standing queue, does not starve the estimate.
/// </summary>
internal sealed class TrendlineDetector
{
    private const int Window = 20;
    private const double Smoothing = 0.9;
    private const double ThresholdGain = 4;
    private const double OveruseMilliseconds = 10;
    private const double IncreaseRate = 0.0087;
    private const double DecreaseRate = 0.039;
    private const double MinThreshold = 6;
    private const double MaxThreshold = 600;

    private readonly double[] _x = new double[Window];
    private readonly double[] _y = new double[Window];
    private int _points;
    private int _next;
    private int _deltas;
    private double _accumulated;
    private double _smoothed;
    private long _firstArrival = -1;
    private long _lastThresholdUpdate = -1;
    private double _timeOverusing = -1;
    private int _overuseCount;
    private double _previousSlope;

    /// <summary>The adaptive threshold, milliseconds of modified trend.</summary>
    public double Threshold { get; private set; } = 12.5;

    public BandwidthUsage Usage { get; private set; }

    /// <summary>Adds one group's deltas (microseconds) closed at <paramref name="arrivalAt"/> (subscriber's clock, µs).</summary>
    public BandwidthUsage Update(long sendDelta, long arrivalDelta, long arrivalAt)
    {
        var sendDeltaMs = sendDelta / 1000.0;
        var delayChangeMs = (arrivalDelta - sendDelta) / 1000.0;
        _deltas = Math.Min(_deltas + 1, 1000);
        _accumulated += delayChangeMs;
        _smoothed = (Smoothing * _smoothed) + ((1 - Smoothing) * _accumulated);
        if (_firstArrival < 0)
        {
            _firstArrival = arrivalAt;
        }

        _x[_next] = (arrivalAt - _firstArrival) / 1000.0;
        _y[_next] = _smoothed;
        _next = (_next + 1) % Window;
        _points = Math.Min(_points + 1, Window);
        if (_points < Window)
        {
            return Usage;
        }

        var slope = Slope() ?? _previousSlope;
        Detect(slope, sendDeltaMs, arrivalAt / 1000);
        return Usage;
    }

    private double? Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < Window; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }

        meanX /= Window;
        meanY /= Window;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < Window; i++)
        {
            var dx = _x[i] - meanX;
            numerator += dx * (_y[i] - meanY);
            denominator += dx * dx;
        }

        return denominator == 0 ? null : numerator / denominator;
    }

    private void Detect(double slope, double sendDeltaMs, long nowMs)
    {
        var trend = Math.Min(_deltas, 60) * slope * ThresholdGain;
        if (trend > Threshold)
        {
            _timeOverusing = _timeOverusing < 0 ? sendDeltaMs / 2 : _timeOverusing + sendDeltaMs;
            _overuseCount++;
            if (_timeOverusing > OveruseMilliseconds && _overuseCount > 1 && slope >= _previousSlope)
            {
                _timeOverusing = 0;
                _overuseCount = 0;
                Usage = BandwidthUsage.Overusing;
            }
        }
        else if (trend < -Threshold)
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            Usage = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            Usage = BandwidthUsage.Normal;
        }

        _previousSlope = slope;
        AdaptThreshold(trend, nowMs);
    }

    private void AdaptThreshold(double trend, long nowMs)
    {
        if (_lastThresholdUpdate < 0)
        {
            _lastThresholdUpdate = nowMs;
        }

        var magnitude = Math.Abs(trend);
        if (magnitude > Threshold + 15)
        {
            // A spike (a route change, a stall) must not drag the threshold up with it.
            _lastThresholdUpdate = nowMs;
            return;
        }

        var rate = magnitude < Threshold ? DecreaseRate : IncreaseRate;
        var elapsed = Math.Min(nowMs - _lastThresholdUpdate, 100);
        Threshold = Math.Clamp(Threshold + (rate * (magnitude - Threshold) * elapsed), MinThreshold, MaxThreshold);
        _lastThresholdUpdate = nowMs;
    }
}
