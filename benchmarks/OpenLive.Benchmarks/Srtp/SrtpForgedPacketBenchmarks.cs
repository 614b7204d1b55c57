using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Benchmarks.Srtp;

/// <summary>
/// What a forged 100-byte-payload SRTP packet costs the receiver (a flipped tag bit): AES-CM fails on the HMAC compare;
/// GCM fails inside <c>AesGcm.Decrypt</c>, which reports a mismatch only by throwing, caught in the transform.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the sessions.")]
public class SrtpForgedPacketBenchmarks
{
    private SrtpReceiver _receiver = null!;
    private byte[] _forged = [];
    private byte[] _work = [];

    /// <summary>The protection profile.</summary>
    [Params(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keys = SrtpBenchmarkKeys.Loopback(Profile);
        _receiver = new SrtpReceiver(keys);
        using var sender = new SrtpSender(keys);
        var packet = new byte[12 + 100 + SrtpSender.MaxRtpOverhead];
        packet[0] = 0x80;
        packet[1] = 0x60;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234_5678);
        SrtpBenchmarkKeys.Check(sender.ProtectRtp(packet, 112, out var length));
        _forged = packet[..length];
        _forged[^1] ^= 0x01;
        _work = new byte[_forged.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _receiver.Dispose();

    [Benchmark(Description = "UnprotectRtp (forged)")]
    public SrtpStatus UnprotectForged()
    {
        _forged.CopyTo(_work, 0);
        return _receiver.UnprotectRtp(_work, _forged.Length, out _);
    }
}
