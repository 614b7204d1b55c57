using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Benchmarks.Srtp;

/// <summary>
/// SRTCP protect and unprotect of an 80-byte compound (a sender report and an SDES CNAME chunk), one thread, both
/// profiles; measured the same way as <see cref="SrtpRtpBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the sessions.")]
public class SrtcpBenchmarks
{
    private const int RunLength = 1024;
    private const int CompoundLength = 80;

    private SrtpSender _sender = null!;
    private SrtpReceiver _receiver = null!;
    private byte[] _work = [];
    private byte[][] _run = [];
    private int _next;

    /// <summary>The protection profile.</summary>
    [Params(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keys = SrtpBenchmarkKeys.Loopback(Profile);
        _sender = new SrtpSender(keys);
        _receiver = new SrtpReceiver(keys);
        _work = new byte[CompoundLength + SrtpSender.MaxRtcpOverhead];
        Random.Shared.NextBytes(_work);

        // SR header (length 6 words: 28 bytes), then an SDES header; the bytes between only need to be RTCP-sized.
        _work[0] = 0x80;
        _work[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(_work.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(_work.AsSpan(4), 0x1234_5678);
        _work[28] = 0x81;
        _work[29] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(_work.AsSpan(30), 12);

        using var runSender = new SrtpSender(keys);
        _run = new byte[RunLength][];
        for (var i = 0; i < RunLength; i++)
        {
            var packet = (byte[])_work.Clone();
            SrtpBenchmarkKeys.Check(runSender.ProtectRtcp(packet, CompoundLength, out var protectedLength));
            _run[i] = packet[..protectedLength];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark(Description = "ProtectRtcp")]
    public int ProtectRtcp()
    {
        // The first 8 bytes stay in the clear, so re-protecting the previous output is a valid packet each time.
        _sender.ProtectRtcp(_work, CompoundLength, out var protectedLength);
        return protectedLength;
    }

    [Benchmark(Description = "UnprotectRtcp")]
    public int UnprotectRtcp()
    {
        if (_next == RunLength)
        {
            _next = 0;
            _receiver.ForgetReplayHistory();
        }

        var packet = _run[_next++];
        packet.CopyTo(_work, 0);
        return _receiver.UnprotectRtcp(_work, packet.Length, out var plainLength) == SrtpStatus.Ok
            ? plainLength
            : throw new InvalidOperationException("a pre-protected packet did not unprotect");
    }
}
