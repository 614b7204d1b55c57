using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class ReportTests
{
    // Hand-built from RFC 3550 §6.4.1/§6.4.2. The block: fraction lost 5, cumulative lost -2 (24-bit two's complement),
    // LSR/DLSR from the RFC's own worked example (§6.4.1, figure 2).
    private const string Block = "55667788" + "05FFFFFE" + "00010010" + "00000020" + "B7052000" + "00054000";
    private static readonly byte[] Sr = Convert.FromHexString("81C8000C" + "11223344" + "B44DB70520000000" + "00015F90" + "0000000A" + "00000640" + Block);
    private static readonly byte[] Rr = Convert.FromHexString("81C90007" + "11223344" + Block);
    private static readonly ReportBlock ExpectedBlock = new(0x55667788, 5, -2, 0x00010010, 0x20, 0xB7052000, 0x00054000);

    [Fact]
    public void SenderReport_ReadsInfoAndBlocks_AndWritesTheSameBytes()
    {
        Assert.True(SenderReport.TryParse(RtcpTestPackets.Single(Sr), out var sr));
        Assert.Equal(new SenderInfo(0x11223344, 0xB44DB70520000000, 90_000, 10, 1600), sr.Info);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(ExpectedBlock, sr.GetReportBlock(0));
        var buffer = new byte[100];
        Assert.True(SenderReport.TryWrite(buffer, sr.Info, [ExpectedBlock], out var written));
        Assert.Equal(Sr, buffer[..written]);
        Assert.False(SenderReport.TryWrite(buffer.AsSpan(0, 51), sr.Info, [ExpectedBlock], out _));
    }

    [Fact]
    public void ReceiverReport_ReadsBlocks_AndWritesTheSameBytes()
    {
        Assert.True(ReceiverReport.TryParse(RtcpTestPackets.Single(Rr), out var rr));
        Assert.Equal(0x11223344u, rr.SenderSsrc);
        Assert.Equal(ExpectedBlock, rr.GetReportBlock(0));
        var buffer = new byte[100];
        Assert.True(ReceiverReport.TryWrite(buffer, 0x11223344, [ExpectedBlock], out var written));
        Assert.Equal(Rr, buffer[..written]);
    }

    [Fact]
    public void Reports_ShorterThanTheirCount_AreRejected()
    {
        Assert.False(ReceiverReport.TryParse(RtcpTestPackets.Single(Convert.FromHexString("82C90007" + "11223344" + Block)), out _));
        Assert.False(SenderReport.TryParse(RtcpTestPackets.Single(Rr), out _));
        Assert.False(ReceiverReport.TryParse(RtcpTestPackets.Single(Sr), out _));
    }

    [Fact]
    public void CumulativeLost_IsClampedTo24BitsOnWrite()
    {
        var buffer = new byte[24];
        (ExpectedBlock with { CumulativeLost = int.MinValue }).Write(buffer);
        Assert.Equal(ReportBlock.MinCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);
        (ExpectedBlock with { CumulativeLost = int.MaxValue }).Write(buffer);
        Assert.Equal(ReportBlock.MaxCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);
    }

    [Fact]
    public void RoundTripTime_MatchesTheRfc3550Example()
    {
        // RFC 3550 §6.4.1 figure 2: SR at NTP 0xB44DB705:20000000 -> LSR 0xB7052000; A = 0xB7108000,
        // DLSR = 0x00054000 (5.25 s), so the delay is 0x00062000 = 6.125 s.
        Assert.Equal(0xB7052000u, NtpTime.ToCompact(0xB44DB70520000000));
        Assert.Equal(TimeSpan.FromSeconds(6.125), NtpTime.RoundTripTime(0xB7108000, 0xB7052000, 0x00054000));
        Assert.Equal(0x00054000u, NtpTime.ToCompactDuration(TimeSpan.FromSeconds(5.25)));
        Assert.Equal(TimeSpan.Zero, NtpTime.RoundTripTime(0xB7108000, 0, 0x00054000));
        Assert.Equal(TimeSpan.Zero, NtpTime.RoundTripTime(0xB7000000, 0xB7052000, 0x00054000));
    }

    [Fact]
    public void NtpTimestamps_RoundTripWallClockTimes()
    {
        // RFC 3550 §6.4.1 figure 2: 0xB44DB705 seconds is 10 Nov 1995 11:33:25 UTC, fraction 0x20000000 = 0.125 s.
        var time = new DateTimeOffset(1995, 11, 10, 11, 33, 25, 125, TimeSpan.Zero);
        Assert.Equal(0xB44DB70520000000UL, NtpTime.FromDateTimeOffset(time));
        Assert.Equal(time, NtpTime.ToDateTimeOffset(0xB44DB70520000000UL));
    }

    [Fact]
    public void Reports_RoundTripAnyValues()
    {
        var block = Gen.Select(Gen.UInt, Gen.Byte, Gen.Int[ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost], Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt)
            .Select((a, b, c, d, e, f, g) => new ReportBlock(a, b, c, d, e, f, g));
        var info = Gen.Select(Gen.UInt, Gen.ULong, Gen.UInt, Gen.UInt, Gen.UInt).Select((a, b, c, d, e) => new SenderInfo(a, b, c, d, e));
        Gen.Select(info, block.Array[0, 31]).Sample((senderInfo, blocks) =>
        {
            var buffer = new byte[1000];
            Assert.True(SenderReport.TryWrite(buffer, senderInfo, blocks, out var written));
            Assert.Equal(SenderReport.GetLength(blocks.Length), written);
            Assert.True(SenderReport.TryParse(RtcpTestPackets.Single(buffer[..written]), out var sr));
            Assert.Equal(senderInfo, sr.Info);
            Assert.Equal(blocks.Length, sr.ReportCount);
            for (var i = 0; i < blocks.Length; i++)
            {
                Assert.Equal(blocks[i], sr.GetReportBlock(i));
            }

            Assert.True(ReceiverReport.TryWrite(buffer, senderInfo.SenderSsrc, blocks, out written));
            Assert.True(ReceiverReport.TryParse(RtcpTestPackets.Single(buffer[..written]), out var rr));
            Assert.Equal(blocks.Length, rr.ReportCount);
            for (var i = 0; i < blocks.Length; i++)
            {
                Assert.Equal(blocks[i], rr.GetReportBlock(i));
            }
        }, iter: 500);
    }

    [Fact]
    public void TooManyBlocks_AreRefused() =>
        Assert.False(ReceiverReport.TryWrite(new byte[2000], 1, new ReportBlock[32], out _));

    [Fact]
    public void MutatedReports_NeverThrow()
    {
        Mutations.Of(Sr).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);
        Mutations.Of(Rr).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);
    }
}
