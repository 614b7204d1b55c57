using CsCheck;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

public sealed class PacketClassifierTests
{
    [Theory] // RFC 7983 §7, range by range, edges included
    [InlineData(0, 3, PacketKind.Stun)]
    [InlineData(4, 15, PacketKind.Unknown)]
    [InlineData(16, 19, PacketKind.Zrtp)]
    [InlineData(20, 63, PacketKind.Dtls)]
    [InlineData(64, 79, PacketKind.TurnChannel)]
    [InlineData(80, 127, PacketKind.Unknown)]
    [InlineData(128, 191, PacketKind.RtpOrRtcp)]
    [InlineData(192, 255, PacketKind.Unknown)]
    public void FirstByte_PicksTheProtocol(int from, int to, PacketKind kind)
    {
        for (var b = from; b <= to; b++)
        {
            Assert.Equal(kind, PacketClassifier.Classify((byte)b));
            Assert.Equal(kind, PacketClassifier.Classify([(byte)b, 0]));
        }
    }

    [Fact]
    public void EmptyDatagram_IsUnknown() => Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([]));

    [Theory] // RFC 5761 §4: RTCP packet types 192..223 (SR 200, RR 201, SDES 202, BYE 203, RTPFB 205, PSFB 206)
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(206, true)]
    [InlineData(192, true)]
    [InlineData(223, true)]
    [InlineData(191, false)] // RTP, M=1, PT=63
    [InlineData(224, false)] // RTP, M=1, PT=96
    [InlineData(96, false)] // RTP, M=0, PT=96
    [InlineData(111, false)] // RTP, M=0, PT=111 (Opus)
    public void SecondByte_TellsRtcpFromRtp(int secondByte, bool rtcp) =>
        Assert.Equal(rtcp, PacketClassifier.IsRtcp([0x80, (byte)secondByte, 0, 0]));

    [Fact]
    public void ShortDatagram_IsNotRtcp()
    {
        Assert.False(PacketClassifier.IsRtcp([]));
        Assert.False(PacketClassifier.IsRtcp([0x80]));
    }

    [Fact]
    public void AnyBytes_ClassifyWithoutThrowing() =>
        Gen.Byte.Array[0, 8].Sample(bytes =>
        {
            var kind = PacketClassifier.Classify(bytes);
            Assert.Equal(bytes.Length == 0 ? PacketKind.Unknown : PacketClassifier.Classify(bytes[0]), kind);
            _ = PacketClassifier.IsRtcp(bytes);
        });
}
