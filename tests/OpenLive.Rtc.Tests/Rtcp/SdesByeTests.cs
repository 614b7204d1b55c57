using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class SdesByeTests
{
    // RFC 3550 §6.5: one chunk, CNAME "user@host" (9 bytes), END, already on a word boundary.
    private static readonly byte[] Sdes = Convert.FromHexString("81CA0004" + "11223344" + "0109" + "7573657240686F7374" + "00");

    // Two chunks: CNAME "a" then a NOTE item (7) "b", END + pad; second chunk has no items.
    private static readonly byte[] TwoChunks = Convert.FromHexString("82CA0005" + "00000001" + "010161" + "070162" + "0000" + "00000002" + "00000000");

    // RFC 3550 §6.6: one SSRC and the reason "bye".
    private static readonly byte[] Bye = Convert.FromHexString("81CB0002" + "11223344" + "03627965");

    [Fact]
    public void Sdes_ReadsTheCname_AndWritesTheSameBytes()
    {
        Assert.True(SourceDescription.TryParse(RtcpTestPackets.Single(Sdes), out var sdes));
        Assert.Equal(1, sdes.ChunkCount);
        var chunks = Chunks(sdes);
        Assert.Equal([(0x11223344u, "user@host")], chunks);
        var buffer = new byte[64];
        Assert.True(SourceDescription.TryWrite(buffer, 0x11223344, "user@host"u8, out var written));
        Assert.Equal(Sdes, buffer[..written]);
    }

    [Fact]
    public void Sdes_SkipsOtherItems_AndChunksWithoutCname()
    {
        Assert.True(SourceDescription.TryParse(RtcpTestPackets.Single(TwoChunks), out var sdes));
        Assert.Equal([(1u, "a"), (2u, "")], Chunks(sdes));
    }

    [Theory]
    [InlineData("81CA0002" + "11223344" + "01094142")] // item overruns the packet
    [InlineData("81CA0002" + "11223344" + "01024142")] // no END item
    [InlineData("82CA0002" + "11223344" + "00000000")] // SC=2 but one chunk
    public void Sdes_Malformed_IsRejected(string hex) =>
        Assert.False(SourceDescription.TryParse(RtcpTestPackets.Single(Convert.FromHexString(hex)), out _));

    [Fact]
    public void Sdes_RoundTripsAnyCname() =>
        Gen.Select(Gen.UInt, Gen.Char['!', '~'].Array[1, 255]).Sample((ssrc, chars) =>
        {
            var cname = System.Text.Encoding.ASCII.GetBytes(chars);
            var buffer = new byte[300];
            Assert.True(SourceDescription.TryWrite(buffer, ssrc, cname, out var written));
            Assert.Equal(0, written % 4);
            Assert.True(SourceDescription.TryParse(RtcpTestPackets.Single(buffer[..written]), out var sdes));
            Assert.Equal([(ssrc, new string(chars))], Chunks(sdes));
        }, iter: 500);

    [Fact]
    public void Bye_ReadsSsrcsAndReason_AndWritesTheSameBytes()
    {
        Assert.True(Goodbye.TryParse(RtcpTestPackets.Single(Bye), out var bye));
        Assert.Equal(1, bye.Count);
        Assert.Equal(0x11223344u, bye.GetSsrc(0));
        Assert.Equal("bye"u8.ToArray(), bye.Reason.ToArray());
        var buffer = new byte[64];
        Assert.True(Goodbye.TryWrite(buffer, [0x11223344u], "bye"u8, out var written));
        Assert.Equal(Bye, buffer[..written]);
        Assert.False(Goodbye.TryParse(RtcpTestPackets.Single(Convert.FromHexString("81CB0002" + "11223344" + "09627965")), out _));
    }

    [Fact]
    public void Bye_RoundTripsAnySsrcsAndReason() =>
        Gen.Select(Gen.UInt.Array[0, 31], Gen.Byte.Array[0, 255]).Sample((ssrcs, reason) =>
        {
            var buffer = new byte[500];
            Assert.True(Goodbye.TryWrite(buffer, ssrcs, reason, out var written));
            Assert.True(Goodbye.TryParse(RtcpTestPackets.Single(buffer[..written]), out var bye));
            Assert.Equal(ssrcs, Enumerable.Range(0, bye.Count).Select(i => Ssrc(buffer[..written], i)).ToArray());
            Assert.Equal(reason, bye.Reason.ToArray());
        }, iter: 500);

    [Fact]
    public void MutatedPackets_NeverThrow()
    {
        Mutations.Of(Sdes).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);
        Mutations.Of(TwoChunks).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);
        Mutations.Of(Bye).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);
    }

    private static uint Ssrc(byte[] packet, int index)
    {
        Assert.True(Goodbye.TryParse(RtcpTestPackets.Single(packet), out var bye));
        return bye.GetSsrc(index);
    }

    private static List<(uint, string)> Chunks(SourceDescription sdes)
    {
        var list = new List<(uint, string)>();
        foreach (var chunk in sdes)
        {
            list.Add((chunk.Ssrc, System.Text.Encoding.ASCII.GetString(chunk.Cname)));
        }

        return list;
    }
}
