using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Benchmarks.Srtp;

/// <summary>
/// SRTP protect and unprotect per packet, one thread, both profiles, for a 100-byte (audio) and a 1,200-byte (video)
/// payload behind a 12-byte header. Protect works in place on one buffer with the sequence number advancing.
/// Unprotect copies the next of a run of pre-protected packets into the work buffer (the copy is measured too, as in
/// a receive path that keeps the datagram) and, when the run wraps, has the receiver forget its replay history so the
/// run is fresh again.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the sessions.")]
public class SrtpRtpBenchmarks
{
    private const int RunLength = 1024;
    private const uint Ssrc = 0x1234_5678;

    private SrtpSender _sender = null!;
    private SrtpReceiver _receiver = null!;
    private byte[] _work = [];
    private byte[][] _run = [];
    private int _length;
    private int _next;
    private ushort _sequence;

    /// <summary>The protection profile.</summary>
    [Params(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    /// <summary>RTP payload bytes after the 12-byte header.</summary>
    [Params(100, 1200)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keys = SrtpBenchmarkKeys.Loopback(Profile);
        _sender = new SrtpSender(keys);
        _receiver = new SrtpReceiver(keys);
        _length = 12 + PayloadLength;
        _work = new byte[_length + SrtpSender.MaxRtpOverhead];
        Random.Shared.NextBytes(_work);
        WriteHeader(_work, 0);

        // A separate sender protects the run, so the benchmarked sender starts clean.
        using var runSender = new SrtpSender(keys);
        _run = new byte[RunLength][];
        for (var i = 0; i < RunLength; i++)
        {
            var packet = (byte[])_work.Clone();
            WriteHeader(packet, (ushort)i);
            SrtpBenchmarkKeys.Check(runSender.ProtectRtp(packet, _length, out var protectedLength));
            _run[i] = packet[..protectedLength];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _gcm.Dispose();
    }

    /// <summary>
    /// The floor: the BCL's AES-128-GCM over the same bytes with no SRTP around it (nonce, header as AAD, tag). SRTP's
    /// own work is the ratio above 1.
    /// </summary>
    [Benchmark(Baseline = true, Description = "AesGcm (BCL, no SRTP)")]
    public int RawAesGcm()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_nonce.AsSpan(10), _sequence++);
        var payload = _work.AsSpan(12, PayloadLength);
        _gcm.Encrypt(_nonce, payload, payload, _tag, _work.AsSpan(0, 12));
        return PayloadLength;
    }

    private readonly System.Security.Cryptography.AesGcm _gcm = new(new byte[16], 16);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];

    [Benchmark(Description = "ProtectRtp")]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_work.AsSpan(2), _sequence++);
        _sender.ProtectRtp(_work, _length, out var protectedLength);
        return protectedLength;
    }

    [Benchmark(Description = "UnprotectRtp")]
    public int UnprotectRtp()
    {
        if (_next == RunLength)
        {
            _next = 0;
            _receiver.ForgetReplayHistory();
        }

        var packet = _run[_next++];
        packet.CopyTo(_work, 0);
        return _receiver.UnprotectRtp(_work, packet.Length, out var plainLength) == SrtpStatus.Ok
            ? plainLength
            : throw new InvalidOperationException("a pre-protected packet did not unprotect");
    }

    private static void WriteHeader(byte[] packet, ushort sequence)
    {
        packet[0] = 0x80;
        packet[1] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
    }
}
