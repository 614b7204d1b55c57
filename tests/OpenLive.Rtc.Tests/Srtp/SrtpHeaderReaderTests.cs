using System.Buffers.Binary;
using CsCheck;
using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>The RTP/RTCP header reader: written headers read back; random, truncated and mutated bytes never throw.</summary>
public sealed class SrtpHeaderReaderTests
{
    [Fact]
    public void WrittenRtpHeader_ReadsBack() =>
        Gen.Select(Gen.UInt, Gen.UShort, Gen.Int[0, 15], Gen.Int[-1, 20], Gen.Byte.Array[0, 50]).Sample((ssrc, sequence, csrcs, extension, payload) =>
        {
            var packet = BuildRtp(ssrc, sequence, payload, csrcs, extension);
            var length = RtpLength(packet);
            Assert.True(SrtpHeaderReader.TryReadRtp(packet.AsSpan(0, length), out var headerLength, out var readSequence, out var readSsrc));
            Assert.Equal(length - payload.Length, headerLength);
            Assert.Equal(sequence, readSequence);
            Assert.Equal(ssrc, readSsrc);
        }, iter: 2000);

    [Fact]
    public void RandomBytes_NeverThrow_AndWhateverReadsFits() =>
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            if (SrtpHeaderReader.TryReadRtp(bytes, out var headerLength, out var sequence, out var ssrc))
            {
                return headerLength >= 12 && headerLength <= bytes.Length
                    && sequence == BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2))
                    && ssrc == BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
            }

            return !SrtpHeaderReader.TryReadRtcp(bytes, out var rtcpSsrc) || (bytes.Length >= 8 && rtcpSsrc == BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        }, iter: 5000);

    [Fact]
    public void TruncatedHeaders_AreRefused() =>
        Gen.Select(Gen.Int[0, 15], Gen.Int[0, 20]).Sample((csrcs, extension) =>
        {
            var packet = BuildRtp(1, 2, [], csrcs, extension);
            var headerLength = RtpLength(packet);
            for (var cut = 0; cut < headerLength; cut++)
            {
                Assert.False(SrtpHeaderReader.TryReadRtp(packet.AsSpan(0, cut), out _, out _, out _));
            }

            Assert.True(SrtpHeaderReader.TryReadRtp(packet.AsSpan(0, headerLength), out _, out _, out _));
        }, iter: 300);

    [Fact]
    public void MutatedHeaders_NeverThrow() =>
        Gen.Select(Gen.Int[0, 15], Gen.Int[-1, 5], Gen.Int[0, 200], Gen.Byte).Sample((csrcs, extension, at, value) =>
        {
            var packet = BuildRtp(1, 2, [9, 9, 9], csrcs, extension);
            var length = RtpLength(packet);
            packet[at % length] = value;
            return !SrtpHeaderReader.TryReadRtp(packet.AsSpan(0, length), out var headerLength, out _, out _) || headerLength <= length;
        }, iter: 3000);

    [Fact]
    public void VersionOtherThanTwo_IsRefused()
    {
        var packet = BuildRtp(1, 2, [1]);
        foreach (var version in new[] { 0x00, 0x40, 0xC0 })
        {
            packet[0] = (byte)version;
            Assert.False(SrtpHeaderReader.TryReadRtp(packet, out _, out _, out _));
            Assert.False(SrtpHeaderReader.TryReadRtcp(packet, out _));
        }
    }
}
