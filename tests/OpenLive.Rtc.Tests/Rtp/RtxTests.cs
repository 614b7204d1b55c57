using CsCheck;
using OpenLive.Rtc.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtp;

public sealed class RtxTests
{
    [Fact]
    public void Wrap_PrefixesTheOsn_KeepsExtensions_AndDropsPadding()
    {
        // RFC 4588 §4: original seq 0x1234, PT 96, SSRC 0x11111111, extension id 1, payload "AB", 2 padding bytes.
        var original = Convert.FromHexString("B06012340000000A11111111" + "BEDE0001" + "10770000" + "4142" + "0002");
        var rtx = new byte[64];
        Assert.True(Rtx.TryWrap(original, rtx, 97, 0x0100, 0x22222222, out var length));
        Assert.Equal(
            Convert.FromHexString("906101000000000A22222222" + "BEDE0001" + "10770000" + "1234" + "4142"),
            rtx.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void Unwrap_RestoresTheOriginal()
    {
        var rtx = Convert.FromHexString("90E101000000000A22222222" + "BEDE0001" + "10770000" + "1234" + "4142");
        var original = new byte[64];
        Assert.True(Rtx.TryUnwrap(rtx, original, 96, 0x11111111, out var length));
        Assert.Equal(Convert.FromHexString("90E012340000000A11111111" + "BEDE0001" + "10770000" + "4142"), original.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void PaddingOnlyRtx_HasNoOsn_AndDoesNotUnwrap()
    {
        var probe = Convert.FromHexString("A06101000000000A22222222" + "000000000006");
        Assert.True(RtpHeader.TryParse(probe, out var header));
        Assert.False(Rtx.TryReadOriginalSequenceNumber(probe, header, out _));
        Assert.False(Rtx.TryUnwrap(probe, new byte[64], 96, 1, out _));
    }

    [Fact]
    public void WrapThenUnwrap_RoundTrips_BetweenBuffersAndInPlace() =>
        Gen.Select(Gen.Byte.Array[0, 40], Gen.Int[0, 10], Gen.UShort, Gen.UInt, Gen.Bool).Sample((payload, padding, seq, ssrc, marker) =>
        {
            var buffer = new byte[200];
            var writer = new RtpPacketWriter(buffer, 100, seq, 90_000, ssrc, marker, RtpExtensionEncoding.OneByte, [7u]);
            Assert.True(writer.TryAddExtension(2, [0xAB, 0xCD]));
            Assert.True(writer.TryFinish(payload, padding, out var length));
            var originalPacket = buffer.AsSpan(0, length).ToArray();
            Assert.True(RtpHeader.TryParse(originalPacket, out var originalHeader));

            var rtx = new byte[200];
            Assert.True(Rtx.TryWrap(originalPacket, rtx, 101, 555, 0xABCDEF, out var rtxLength));
            Assert.True(Rtx.TryWrapInPlace(buffer, length, 101, 555, 0xABCDEF, out var inPlaceLength));
            Assert.Equal(rtx.AsSpan(0, rtxLength).ToArray(), buffer.AsSpan(0, inPlaceLength).ToArray());
            Assert.True(RtpHeader.TryParse(rtx.AsSpan(0, rtxLength), out var rtxHeader));
            Assert.Equal((101, (ushort)555, 0xABCDEFu, false), (rtxHeader.PayloadType, rtxHeader.SequenceNumber, rtxHeader.Ssrc, rtxHeader.HasPadding));
            Assert.True(Rtx.TryReadOriginalSequenceNumber(rtx, rtxHeader, out var osn));
            Assert.Equal(seq, osn);

            var restored = new byte[200];
            Assert.True(Rtx.TryUnwrap(rtx.AsSpan(0, rtxLength), restored, 100, ssrc, out var restoredLength));
            Assert.True(Rtx.TryUnwrapInPlace(buffer, inPlaceLength, 100, ssrc, out var inPlaceRestored));
            Assert.Equal(restored.AsSpan(0, restoredLength).ToArray(), buffer.AsSpan(0, inPlaceRestored).ToArray());
            Assert.True(RtpHeader.TryParse(restored.AsSpan(0, restoredLength), out var restoredHeader));
            Assert.Equal(
                (originalHeader.PayloadType, originalHeader.SequenceNumber, originalHeader.Ssrc, originalHeader.Timestamp, originalHeader.Marker, originalHeader.CsrcCount),
                (restoredHeader.PayloadType, restoredHeader.SequenceNumber, restoredHeader.Ssrc, restoredHeader.Timestamp, restoredHeader.Marker, restoredHeader.CsrcCount));
            Assert.Equal(payload, restoredHeader.GetPayload(restored.AsSpan(0, restoredLength)).ToArray());
            Assert.Equal(originalPacket.AsSpan(12, originalHeader.HeaderLength - 12).ToArray(), restored.AsSpan(12, restoredHeader.HeaderLength - 12).ToArray());
        });

    [Fact]
    public void Wrap_FailsWhenTheDestinationIsTooSmall()
    {
        var original = Convert.FromHexString("806012340000000A11111111" + "4142");
        Assert.False(Rtx.TryWrap(original, new byte[15], 97, 1, 1, out _));
        Assert.True(Rtx.TryWrap(original, new byte[16], 97, 1, 1, out _));
        Assert.False(Rtx.TryWrapInPlace(original, original.Length, 97, 1, 1, out _));
        Assert.False(Rtx.TryWrapInPlace(original, original.Length + 1, 97, 1, 1, out _));
    }

    [Fact]
    public void RandomPackets_NeverThrow() =>
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var buffer = new byte[100];
            bytes.CopyTo(buffer, 0);
            Rtx.TryWrap(bytes, new byte[100], 97, 1, 1, out _);
            Rtx.TryUnwrap(bytes, new byte[100], 96, 1, out _);
            Rtx.TryUnwrapInPlace(buffer, bytes.Length, 96, 1, out _);
        }, iter: 10_000);

    [Fact]
    public void WrapAndUnwrapInPlace_AllocateNothing()
    {
        var buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer, 100, 1, 2, 3, marker: false);
        writer.TryAddExtension(2, [1, 2]);
        writer.TryFinish(new byte[100], 0, out var length);
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            Rtx.TryWrapInPlace(buffer, length, 101, 9, 10, out var wrapped);
            Rtx.TryUnwrapInPlace(buffer, wrapped, 100, 3, out _);
        });
        Assert.Equal(0, allocated);
    }
}
