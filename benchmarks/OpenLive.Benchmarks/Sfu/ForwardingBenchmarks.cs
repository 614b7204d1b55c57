using BenchmarkDotNet.Attributes;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Benchmarks.Sfu;

/// <summary>
/// The SFU's per-packet path with real SRTP on both sides: one 1,100-byte VP8 packet from a publisher (unprotect,
/// route, cache, keyframe check) forwarded to N subscribers (sequence rewrite, header write, copy, protect, send to a
/// counting socket). Divide by N for the cost per forwarded packet. With <see cref="Vp8Layers"/> the packets carry
/// Chromium's full descriptor (picture id, TL0PICIDX, TID/Y): each subscriber's copy is read and rewritten (Vp8Munger),
/// every temporal layer still forwarded so both runs send the same packets.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks : IDisposable
{
    private ForwardingRig _rig = null!;

    [Params(1, 10, 50)]
    public int Subscribers { get; set; }

    [Params(false, true)]
    public bool Vp8Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rig = new ForwardingRig(Subscribers, payloadLength: 1100, vp8Layers: Vp8Layers);
        for (var i = 0; i < 1000; i++)
        {
            _rig.ForwardOne();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _rig.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What the publisher does for each packet (write, protect, copy): subtract it from <see cref="ForwardOnePacket"/>.</summary>
    [Benchmark(Baseline = true)]
    public int PublisherSideOnly() => _rig.ProtectOnly();

    [Benchmark]
    public void ForwardOnePacket() => _rig.ForwardOne();
}
