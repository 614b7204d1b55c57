using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class FeedbackTests
{
    // Real REMB sent by Chrome while receiving a 6 Mb/s stream, as published in pion/rtcp's
    // receiver_estimated_maximum_bitrate_test.go: exp 6, mantissa 139487 -> 8,927,168 b/s, one SSRC.
    private static readonly byte[] ChromeRemb = [143, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 82, 69, 77, 66, 1, 26, 32, 223, 72, 116, 237, 22];

    [Fact]
    public void Pli_IsPsfbFmt1WithoutFci()
    {
        var buffer = new byte[20];
        Assert.True(PictureLossIndication.TryWrite(buffer, 0x11223344, 0x55667788, out var written));
        Assert.Equal(Convert.FromHexString("81CE0002" + "11223344" + "55667788"), buffer[..written]);
        Assert.True(PictureLossIndication.TryParse(RtcpTestPackets.Single(buffer[..written]), out var sender, out var media));
        Assert.Equal((0x11223344u, 0x55667788u), (sender, media));
        Assert.False(PictureLossIndication.TryWrite(buffer.AsSpan(0, 11), 1, 2, out _));
    }

    [Fact]
    public void Fir_ListsEntries_WithMediaSsrcZero()
    {
        // RFC 5104 §4.3.1: FMT 4, media SSRC 0, FCI = SSRC + seq nr + 24 reserved bits.
        var expected = Convert.FromHexString("84CE0004" + "11223344" + "00000000" + "55667788" + "07000000");
        var buffer = new byte[40];
        Assert.True(FullIntraRequest.TryWrite(buffer, 0x11223344, [new FirEntry(0x55667788, 7)], out var written));
        Assert.Equal(expected, buffer[..written]);
        Assert.True(FullIntraRequest.TryParse(RtcpTestPackets.Single(expected), out var fir));
        Assert.Equal(0x11223344u, fir.SenderSsrc);
        Assert.Equal(1, fir.Count);
        Assert.Equal(new FirEntry(0x55667788, 7), fir.GetEntry(0));
        Assert.False(FullIntraRequest.TryWrite(buffer, 1, [], out _));
    }

    [Fact]
    public void Fir_RoundTripsAnyEntries() =>
        Gen.Select(Gen.UInt, Gen.Byte).Select((s, n) => new FirEntry(s, n)).Array[1, 20].Sample(entries =>
        {
            var buffer = new byte[400];
            Assert.True(FullIntraRequest.TryWrite(buffer, 9, entries, out var written));
            Assert.True(FullIntraRequest.TryParse(RtcpTestPackets.Single(buffer[..written]), out var fir));
            Assert.Equal(entries, Enumerable.Range(0, entries.Length).Select(i => Entry(buffer[..written], i)).ToArray());
            Assert.Equal(entries.Length, fir.Count);
        }, iter: 300);

    [Fact]
    public void Remb_ReadsChromesBytes_AndWritesThemBack()
    {
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(ChromeRemb), out var remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(8_927_168UL, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(1_215_622_422u, remb.GetSsrc(0));
        var buffer = new byte[40];
        Assert.True(ReceiverEstimatedMaximumBitrate.TryWrite(buffer, 1, 8_927_168, [1_215_622_422u], out var written));
        Assert.Equal(ChromeRemb, buffer[..written]);
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(262_143UL, 262_143UL)] // the largest mantissa with exponent 0
    [InlineData(262_144UL, 262_144UL)]
    [InlineData(8_927_167UL, 8_927_104UL)] // rounds down, never up
    [InlineData(ulong.MaxValue, 0xFFFF_C000_0000_0000UL)]
    public void Remb_EncodesTheClosestBitrateNotAbove(ulong bitrate, ulong expected)
    {
        Assert.Equal(expected, ReceiverEstimatedMaximumBitrate.Representable(bitrate));
        var buffer = new byte[40];
        Assert.True(ReceiverEstimatedMaximumBitrate.TryWrite(buffer, 1, bitrate, [], out var written));
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(buffer[..written]), out var remb));
        Assert.Equal(expected, remb.Bitrate);
    }

    [Fact]
    public void Remb_SaturatesWhatNoUlongHolds()
    {
        // Exponent 63 with the largest mantissa is far beyond 64 bits.
        var bytes = Convert.FromHexString("8FCE0004" + "00000000" + "00000000" + "52454D42" + "00FFFFFF");
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(bytes), out var remb));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void Remb_RoundTripsAnyBitrate() =>
        Gen.Select(Gen.ULong, Gen.UInt.Array[0, 10]).Sample((bitrate, ssrcs) =>
        {
            var buffer = new byte[100];
            Assert.True(ReceiverEstimatedMaximumBitrate.TryWrite(buffer, 3, bitrate, ssrcs, out var written));
            Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(buffer[..written]), out var remb));
            Assert.True(remb.Bitrate <= bitrate);
            Assert.True(bitrate - remb.Bitrate <= bitrate >> 17, "within one mantissa step");
            Assert.Equal(ssrcs.Length, remb.SsrcCount);
        });

    [Fact]
    public void Remb_WithAnotherIdentifierOrShortList_IsRejected()
    {
        Assert.False(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(Convert.FromHexString("8FCE0004" + "00000000" + "00000000" + "52454D43" + "00040000")), out _));
        Assert.False(ReceiverEstimatedMaximumBitrate.TryParse(RtcpTestPackets.Single(Convert.FromHexString("8FCE0004" + "00000000" + "00000000" + "52454D42" + "02040000")), out _));
    }

    [Fact]
    public void MutatedFeedback_NeverThrows() =>
        Mutations.Of(ChromeRemb).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);

    private static FirEntry Entry(byte[] packet, int index)
    {
        Assert.True(FullIntraRequest.TryParse(RtcpTestPackets.Single(packet), out var fir));
        return fir.GetEntry(index);
    }
}
