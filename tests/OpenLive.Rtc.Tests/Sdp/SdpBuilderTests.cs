using System.Net;
using System.Text;
using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>The SFU builds its answers from parts; the result must be exactly the canonical text.</summary>
public sealed class SdpBuilderTests
{
    private const string Ufrag = "5n3/";
    private const string Password = "YNBDRzrZSgqbjG3uhkWKFLf6";

    private static readonly Fingerprint ServerFingerprint = new(
        "sha-256",
        "CD:2B:51:57:41:0E:4D:EE:4A:F2:B3:4F:43:0A:07:34:47:DE:63:6C:0E:80:6C:95:7B:A6:84:D6:43:1F:B5:EA");

    [Fact]
    public void SfuAnswer_BuiltFromParts_IsTheFixtureByteForByte()
    {
        var answer = new SessionDescription
        {
            Origin = Origin.Create(7317709420186203624, 1),
            ExtmapAllowMixed = true,
            MsidSemantic = new MsidSemantic("WMS", ["*"]),
            IceLite = true,
        };
        answer.Groups.Add(new MediaGroup(MediaGroup.Bundle, ["0", "1", "2", "3"]));

        var audio = Transport(MediaDescription.CreateRtp(MediaKind.Audio, "0", MediaDirection.ReceiveOnly));
        audio.Candidates.Add(Host(1, "udp", 2130706431, "198.51.100.10"));
        audio.Candidates.Add(Host(2, "tcp", 1671430143, "198.51.100.10", IceTcpType.Passive));
        audio.Candidates.Add(Host(3, "udp", 2130706175, "2001:db8::10"));
        audio.EndOfCandidates = true;
        audio.HeaderExtensions.AddRange(
        [
            new HeaderExtension(1, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel),
            new HeaderExtension(3, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc),
            new HeaderExtension(4, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid),
        ]);
        var opus = new RtpCodec(111, "opus", 48000, 2) { Parameters = new FormatParameters([new("minptime", "10"), new("useinbandfec", "1")]) };
        opus.Feedback.Add(RtcpFeedback.TransportCc);
        audio.Codecs.Add(opus);

        var camera = Video("1");
        camera.HeaderExtensions.AddRange(
        [
            new HeaderExtension(10, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId),
            new HeaderExtension(11, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId),
        ]);
        foreach (var rid in new[] { "q", "h", "f" })
        {
            camera.Rids.Add(new RidDescription(rid, RidDirection.Receive));
        }

        camera.Simulcast = Simulcast.Receiving("q", "h", "f");

        answer.Media.AddRange([audio, camera, Video("2"), Transport(MediaDescription.CreateDataChannel("3"))]);

        Assert.Equal(Crlf(ServerFixtures.SfuAnswer), answer.ToString());
    }

    [Fact]
    public void CreateRtp_And_CreateDataChannel_WriteJsepDefaults()
    {
        var session = new SessionDescription();
        session.Media.Add(MediaDescription.CreateRtp(MediaKind.Video, "v", MediaDirection.SendOnly));
        session.Media.Add(MediaDescription.CreateDataChannel("d", maxMessageSize: null));
        Assert.Equal(
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF\r\nc=IN IP4 0.0.0.0\r\na=mid:v\r\na=sendonly\r\na=rtcp-mux\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:d\r\na=sctp-port:5000\r\n",
            session.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => MediaDescription.CreateRtp(MediaKind.Application, "x", MediaDirection.Inactive));
    }

    [Fact]
    public void Writer_RefusesValuesThatWouldForgeLines()
    {
        var session = new SessionDescription();
        var media = MediaDescription.CreateRtp(MediaKind.Audio, "0", MediaDirection.SendOnly);
        media.Msids.Add(new Msid("user\r\na=ice-lite", "track"));
        session.Media.Add(media);
        Assert.Throws<ArgumentException>(() => session.ToString());
        media.Msids[0] = new Msid("user\0", "track");
        Assert.Throws<ArgumentException>(() => session.ToString());
        media.Msids[0] = new Msid("user", "track");
        Assert.Contains("a=msid:user track\r\n", session.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AppendsToABuilder()
    {
        var builder = new StringBuilder("prefix|");
        new SessionDescription().Write(builder);
        Assert.Equal("prefix|v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", builder.ToString());
    }

    [Fact]
    public void Helpers_Reverse_Fingerprint_Connection()
    {
        Assert.Equal(MediaDirection.ReceiveOnly, MediaDirection.SendOnly.Reverse());
        Assert.Equal(MediaDirection.SendOnly, MediaDirection.ReceiveOnly.Reverse());
        Assert.Equal(MediaDirection.SendReceive, MediaDirection.SendReceive.Reverse());
        Assert.Equal(MediaDirection.Inactive, MediaDirection.Inactive.Reverse());

        byte[] digest = [0x00, 0xAB, 0x0F];
        var fingerprint = Fingerprint.FromDigest("sha-256", digest);
        Assert.Equal("00:AB:0F", fingerprint.Value);
        Assert.True(fingerprint.Matches(digest));
        Assert.False(fingerprint.Matches([0x00, 0xAB]));
        Assert.True(new Fingerprint("sha-256", "00:ab:0f").Matches(digest));
        Assert.False(new Fingerprint("sha-256", "00:ab:0").Matches(digest));

        Assert.Equal(new ConnectionData("IN", "IP6", "2001:db8::1"), ConnectionData.FromAddress(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(new ConnectionData("IN", "IP4", "192.0.2.1"), ConnectionData.FromAddress(IPAddress.Parse("192.0.2.1")));
        Assert.Equal(96, RtpCodec.Rtx(97, 96).AssociatedPayloadType);
        Assert.Equal("apt=96", RtpCodec.Rtx(97, 96).Parameters?.Raw);
        Assert.Equal("a=x-google-flag:conference", new AttributeLine("x-google-flag", "conference").ToString());
        Assert.Equal("a=flag", new AttributeLine("flag").ToString());
    }

    private static MediaDescription Video(string mid)
    {
        var video = Transport(MediaDescription.CreateRtp(MediaKind.Video, mid, MediaDirection.ReceiveOnly));
        video.HeaderExtensions.AddRange(
        [
            new HeaderExtension(3, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc),
            new HeaderExtension(4, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid),
        ]);
        var vp8 = new RtpCodec(96, "VP8", 90000);
        vp8.Feedback.AddRange([RtcpFeedback.TransportCc, RtcpFeedback.FullIntraRequest, RtcpFeedback.Nack, RtcpFeedback.PictureLoss]);
        video.Codecs.AddRange([vp8, RtpCodec.Rtx(97, 96)]);
        return video;
    }

    private static MediaDescription Transport(MediaDescription media)
    {
        if (media.IsRtp)
        {
            media.Rtcp = RtcpAddress.Placeholder;
            media.RtcpReducedSize = true;
        }

        media.IceUfrag = Ufrag;
        media.IcePwd = Password;
        media.Fingerprints.Add(ServerFingerprint);
        media.Setup = DtlsSetup.Passive;
        return media;
    }

    private static IceCandidate Host(int foundation, string transport, uint priority, string address, IceTcpType? tcpType = null) => new()
    {
        TcpType = tcpType,
        Foundation = foundation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Transport = transport,
        Priority = priority,
        Address = address,
        Port = 40000,
        Type = IceCandidateType.Host,
    };
}
