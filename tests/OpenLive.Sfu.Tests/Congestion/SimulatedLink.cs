using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Congestion;

namespace OpenLive.Sfu.Tests.Congestion;

/// <summary>
/// A subscriber behind a bottleneck, for the estimator: packets queue at <see cref="Capacity"/> bits per second behind a
/// 20 ms path, are dropped when the queue holds more than <see cref="MaxQueueMicroseconds"/>, and their arrivals come back
/// as real transport-wide CC feedback every 50 ms on the subscriber's own clock (5 s ahead of ours). The sender forwards
/// the layer the estimate allows, as the layer selector would: 150 kbit/s, 600 kbit/s or the top 2.5 Mbit/s. Clock: µs.
/// </summary>
internal sealed class SimulatedLink
{
    public const long TopLayer = 2_500_000;
    public const long MiddleLayer = 600_000;
    public const long BottomLayer = 150_000;

    private const long PathDelay = 20_000;
    private const long ClockOffset = 5_000_000;
    private const int MediaPacket = 1_200;
    private const int PaddingPacket = 264;

    private readonly List<(ushort Sequence, long Arrival)> _inFlight = [];
    private readonly byte[] _feedback = new byte[1500];
    private ushort _sequence = 1000;
    private long _queueFreeAt;
    private long _mediaCredit;
    private byte _feedbackCount;

    public SubscriberBandwidthEstimator Estimator { get; } = new(1_000_000);

    public long Now { get; private set; } = 1_000_000;

    public long Capacity { get; set; }

    public long MaxQueueMicroseconds { get; set; } = 300_000;

    /// <summary>A token bucket in front of the bottleneck (a shaper's burst allowance), bytes; 0 for none.</summary>
    public long BurstBytes { get; set; }

    /// <summary>
    /// A receiver starved of CPU: every <see cref="StallEveryMicroseconds"/> it reads nothing for this long, then reads
    /// what came meanwhile at once, stamping it all with that moment — arrivals bunched, as a starved browser's network
    /// thread reports them. 0 for none.
    /// </summary>
    public long StallMicroseconds { get; set; }

    public long StallEveryMicroseconds { get; set; } = 1_000_000;

    private double _tokens;
    private long _tokensAt;

    public long Forwarded => Estimator.Estimate == 0 || Estimator.Estimate >= TopLayer ? TopLayer
        : Estimator.Estimate >= MiddleLayer ? MiddleLayer
        : BottomLayer;

    public void Run(TimeSpan duration)
    {
        var end = Now + (duration.Ticks / 10);
        while (Now < end)
        {
            Now += 1_000;
            _mediaCredit += Forwarded / 8 / 1000;
            while (_mediaCredit >= MediaPacket)
            {
                _mediaCredit -= MediaPacket;
                Send(MediaPacket);
            }

            if (Now % 10_000 == 0)
            {
                var padding = Estimator.Tick(TopLayer, Now);
                for (var sent = 0; sent < padding; sent += PaddingPacket)
                {
                    Send(PaddingPacket);
                }
            }

            if (Now % 50_000 == 0)
            {
                Feedback();
            }
        }
    }

    private void Send(int size)
    {
        Estimator.OnSent(_sequence, size, Now);
        if (BurstBytes > 0)
        {
            _tokens = Math.Min(BurstBytes, _tokens + ((Now - _tokensAt) * Capacity / 8.0 / 1_000_000));
            _tokensAt = Now;
            if (_queueFreeAt <= Now && _tokens >= size)
            {
                // Through on the bucket's tokens at line rate, no queuing.
                _tokens -= size;
                _inFlight.Add((_sequence++, Now + PathDelay + ClockOffset));
                return;
            }

            _tokens = 0;
        }

        var start = Math.Max(Now, _queueFreeAt);
        var arrival = TransportCcWriterNotReceived;
        if (start - Now <= MaxQueueMicroseconds)
        {
            _queueFreeAt = start + (size * 8L * 1_000_000 / Capacity);
            arrival = Stamped(_queueFreeAt + PathDelay) + ClockOffset;
        }

        _inFlight.Add((_sequence++, arrival));
    }

    /// <summary>When a starved receiver stamps a packet that reached it at <paramref name="arrival"/> (our clock).</summary>
    private long Stamped(long arrival)
    {
        if (StallMicroseconds == 0)
        {
            return arrival;
        }

        var intoPeriod = arrival % StallEveryMicroseconds;
        return intoPeriod < StallMicroseconds ? arrival - intoPeriod + StallMicroseconds : arrival;
    }

    private const long TransportCcWriterNotReceived = long.MinValue;

    private void Feedback()
    {
        // Report the longest prefix the subscriber has seen: arrived by now, or lost before something that arrived.
        var lastArrived = -1;
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var arrival = _inFlight[i].Arrival;
            if (arrival != TransportCcWriterNotReceived && arrival - ClockOffset > Now)
            {
                break;
            }

            if (arrival != TransportCcWriterNotReceived)
            {
                lastArrived = i;
            }
        }

        if (lastArrived < 0)
        {
            return;
        }

        var arrivals = new TimeSpan[lastArrived + 1];
        for (var i = 0; i <= lastArrived; i++)
        {
            var arrival = _inFlight[i].Arrival;
            arrivals[i] = arrival == TransportCcWriterNotReceived ? TransportCcWriter.NotReceived : TimeSpan.FromTicks(arrival * 10);
        }

        var first = _inFlight[0].Sequence;
        var offset = 0;
        while (offset < arrivals.Length)
        {
            Assert.True(TransportCcWriter.TryWrite(_feedback, 1, 2, (ushort)(first + offset), _feedbackCount++, arrivals.AsSpan(offset), out var written, out var reported));
            var reader = new RtcpReader(_feedback.AsSpan(0, written));
            Assert.True(reader.TryRead(out var packet));
            Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));
            Estimator.OnFeedback(feedback, Now);
            offset += reported;
        }

        _inFlight.RemoveRange(0, lastArrived + 1);
    }
}
