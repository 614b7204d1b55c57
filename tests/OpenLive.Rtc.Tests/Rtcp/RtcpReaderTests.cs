using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class RtcpReaderTests
{
    // RFC 3550 §6.1 compound: SR without blocks, then SDES with one CNAME chunk ("user@host").
    private static readonly byte[] Compound = Convert.FromHexString(
        "80C80006" + "11223344" + "B44DB70520000000" + "00015F90" + "0000000A" + "00000640"
        + "81CA0004" + "11223344" + "0109" + "7573657240686F7374" + "00");

    [Fact]
    public void Compound_YieldsEachPacket_ThenEnds()
    {
        var reader = new RtcpReader(Compound);
        Assert.True(reader.TryRead(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.Type);
        Assert.Equal(28, sr.Raw.Length);
        Assert.Equal(24, sr.Body.Length);
        Assert.Equal(RtcpReadStatus.Reading, reader.Status);
        Assert.True(reader.TryRead(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.Type);
        Assert.Equal(1, sdes.Count);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(RtcpReadStatus.End, reader.Status);
    }

    [Fact]
    public void ReducedSize_MayStartWithFeedback()
    {
        // RFC 5506 §3: a lone PLI is a valid (reduced-size) RTCP packet.
        var reader = new RtcpReader(Convert.FromHexString("81CE0002" + "11223344" + "55667788"));
        Assert.True(reader.TryRead(out var pli));
        Assert.True(PictureLossIndication.TryParse(pli, out var sender, out var media));
        Assert.Equal((0x11223344u, 0x55667788u), (sender, media));
        Assert.Equal(RtcpReadStatus.End, reader.Status);
    }

    [Fact]
    public void Padding_OnTheLastPacket_IsRemovedFromTheBody()
    {
        var packet = RtcpTestPackets.Single(Convert.FromHexString("A0C90002" + "11223344" + "00000004"));
        Assert.True(packet.HasPadding);
        Assert.Equal(4, packet.PaddingLength);
        Assert.Equal(4, packet.Body.Length);
        Assert.True(ReceiverReport.TryParse(packet, out var rr));
        Assert.Equal(0x11223344u, rr.SenderSsrc);
    }

    [Theory]
    [InlineData("A0C90002" + "11223344" + "00000004" + "81CE0002" + "1122334455667788", RtcpReadStatus.PaddingNotLast)]
    [InlineData("40C90001" + "11223344", RtcpReadStatus.BadVersion)]
    [InlineData("80C90002" + "11223344", RtcpReadStatus.Truncated)]
    [InlineData("80C9", RtcpReadStatus.Truncated)]
    [InlineData("A0C90001" + "11223300", RtcpReadStatus.BadPadding)]
    [InlineData("A0C90001" + "11223305", RtcpReadStatus.BadPadding)]
    [InlineData("80C90001" + "11223344" + "00", RtcpReadStatus.Truncated)]
    public void Malformed_StopsWithAStatus(string hex, RtcpReadStatus expected)
    {
        RtcpTestPackets.ReadEverything(Convert.FromHexString(hex), out var status);
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Empty_EndsAtOnce()
    {
        var reader = new RtcpReader([]);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(RtcpReadStatus.End, reader.Status);
    }

    [Fact]
    public void RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 120].Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 20_000);

    [Fact]
    public void RandomBytesWithValidHeaders_NeverThrow()
    {
        // Random bodies behind plausible headers reach the typed readers far more often than raw noise.
        var header = Gen.Select(Gen.Int[0, 31], Gen.Int[200, 207], Gen.Bool);
        Gen.Select(header, Gen.Byte.Array[0, 60]).Sample((h, body) =>
        {
            var words = (body.Length + 3) / 4;
            var bytes = new byte[4 + (words * 4)];
            bytes[0] = (byte)(0x80 | (h.Item3 ? 0x20 : 0) | h.Item1);
            bytes[1] = (byte)h.Item2;
            bytes[3] = (byte)words;
            body.CopyTo(bytes, 4);
            RtcpTestPackets.ReadEverything(bytes, out _);
        }, iter: 30_000);
    }

    [Fact]
    public void MutatedCompound_NeverThrows() =>
        Mutations.Of(Compound).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 10_000);
}
