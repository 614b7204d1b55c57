using CsCheck;
using OpenLive.Rtc.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtp;

public sealed class RtpHeaderTests
{
    // Hand-built from RFC 3550 §5.1: V=2 P=1 X=1 CC=1, M=1 PT=96, seq 0x1234, ts 0xDEADBEEF, SSRC 0x11223344,
    // CSRC 0x55667788, one-byte extension (0xBEDE, 1 word: id 1 len 2 "AB", one zero pad), payload "hi", 3 padding bytes.
    private static readonly byte[] Packet = Convert.FromHexString(
        "B1E01234DEADBEEF11223344" + "55667788" + "BEDE0001" + "11414200" + "6869" + "000003");

    [Fact]
    public void Parse_ReadsEveryFixedField_AndTheOffsets()
    {
        Assert.True(RtpHeader.TryParse(Packet, out var header));
        Assert.True(header.HasPadding);
        Assert.True(header.HasExtension);
        Assert.Equal(1, header.CsrcCount);
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, header.Timestamp);
        Assert.Equal(0x11223344u, header.Ssrc);
        Assert.Equal(0x55667788u, header.GetCsrc(Packet, 0));
        Assert.Equal(RtpExtensionProfiles.OneByte, header.ExtensionProfile);
        Assert.Equal(RtpExtensionEncoding.OneByte, header.ExtensionEncoding);
        Assert.Equal(20, header.ExtensionOffset);
        Assert.Equal(4, header.ExtensionLength);
        Assert.Equal(24, header.HeaderLength);
        Assert.Equal(24, header.PayloadOffset);
        Assert.Equal(2, header.PayloadLength);
        Assert.Equal(3, header.PaddingLength);
        Assert.Equal("hi"u8.ToArray(), header.GetPayload(Packet).ToArray());
    }

    [Fact]
    public void Parse_MinimalHeader_HasEmptyPayload()
    {
        var packet = Convert.FromHexString("80000001000000020000000" + "3");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.False(header.HasExtension);
        Assert.Equal(RtpExtensionEncoding.None, header.ExtensionEncoding);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(0, header.PayloadLength);
    }

    [Theory]
    [InlineData("40000001000000020000000300")] // version 1
    [InlineData("C0000001000000020000000300")] // version 3
    [InlineData("8000000100000002000000")] // 11 bytes
    [InlineData("81000001000000020000000300")] // CC=1 but no CSRC
    [InlineData("900000010000000200000003BEDE")] // extension word cut
    [InlineData("900000010000000200000003BEDE000111")] // extension data cut
    [InlineData("A00000010000000200000003AA00")] // padding count 0
    [InlineData("A00000010000000200000003AA03")] // padding longer than what follows the header
    public void Parse_RejectsMalformedHeaders(string hex) =>
        Assert.False(RtpHeader.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void Parse_PaddingMayTakeTheWholePayload()
    {
        var packet = Convert.FromHexString("A00000010000000200000003" + "000002");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(1, header.PayloadLength);
        Assert.Equal(2, header.PaddingLength);
    }

    [Fact]
    public void RandomBytes_NeverThrow_AndLengthsAddUp() =>
        Gen.Byte.Array[0, 200].Sample(bytes => !RtpHeader.TryParse(bytes, out var h) || Consistent(h, bytes.Length), iter: 20_000);

    [Fact]
    public void MutatedPackets_NeverThrow_AndLengthsAddUp() =>
        Mutations.Of(Packet).Sample(bytes => !RtpHeader.TryParse(bytes, out var h) || Consistent(h, bytes.Length), iter: 20_000);

    [Fact]
    public void Rewriters_ChangeOnlyTheirField() =>
        Gen.Select(Gen.UShort, Gen.UInt, Gen.UInt, Gen.Byte[0, 127], Gen.Bool).Sample((seq, ts, ssrc, pt, marker) =>
        {
            var packet = (byte[])Packet.Clone();
            RtpHeaderRewriter.SetSequenceNumber(packet, seq);
            RtpHeaderRewriter.SetTimestamp(packet, ts);
            RtpHeaderRewriter.SetSsrc(packet, ssrc);
            RtpHeaderRewriter.SetPayloadType(packet, pt);
            RtpHeaderRewriter.SetMarker(packet, marker);
            Assert.True(RtpHeader.TryParse(packet, out var h));
            Assert.Equal((seq, ts, ssrc, pt, marker), (h.SequenceNumber, h.Timestamp, h.Ssrc, h.PayloadType, h.Marker));
            Assert.Equal(Packet.AsSpan(12).ToArray(), packet.AsSpan(12).ToArray());
            Assert.Equal(Packet[0], packet[0]);
        });

    [Fact]
    public void ParseAndRewrite_AllocateNothing()
    {
        var packet = (byte[])Packet.Clone();
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            var span = packet.AsSpan();
            _ = RtpHeader.TryParse(span, out var header);
            RtpExtensions.TryGetExtension(span, header, 1, out _, out _);
            RtpHeaderRewriter.SetSequenceNumber(span, (ushort)(header.SequenceNumber + 1));
            RtpHeaderRewriter.SetSsrc(span, header.Ssrc ^ 1);
            RtpHeaderRewriter.SetTimestamp(span, header.Timestamp + 3000);
            RtpHeaderRewriter.SetPayloadType(span, header.PayloadType);
            RtpExtensions.TryOverwrite(span, header, 1, "CD"u8);
        });
        Assert.Equal(0, allocated);
    }

    private static bool Consistent(in RtpHeader h, int length) =>
        h.HeaderLength + h.PayloadLength + h.PaddingLength == length
        && h.HeaderLength >= RtpHeader.FixedLength + (4 * h.CsrcCount)
        && h.PayloadLength >= 0
        && h.PaddingLength is >= 0 and <= 255;
}
