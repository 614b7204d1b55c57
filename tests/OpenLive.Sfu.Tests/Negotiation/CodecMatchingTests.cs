using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Tests.Negotiation;

/// <summary>Which offered codec entry carries a forwarded codec as it is (RFC 6184 §8.1 profile-level-id, VP9 profile-id, AV1 profile).</summary>
public sealed class CodecMatchingTests
{
    private static MediaDescription Section(MediaKind kind, params RtpCodec[] codecs)
    {
        var section = MediaDescription.CreateRtp(kind, "0", MediaDirection.ReceiveOnly);
        section.Codecs.AddRange(codecs);
        return section;
    }

    private static RtpCodec Codec(int payloadType, string name, string? fmtp = null, int? channels = null) =>
        new(payloadType, name, name == "opus" ? 48000u : 90000u, channels) { Parameters = fmtp is null ? null : new FormatParameters(fmtp) };

    private static NegotiatedCodec Forwarded(string name, string? fmtp = null, int? channels = null) =>
        new(100, name, name == "opus" ? 48000u : 90000u, channels, fmtp, null);

    [Theory]
    [InlineData("42e01f", "42e01f", true)]
    [InlineData("42e01f", "42e034", true)] // the level does not matter
    [InlineData("42e01f", "42c01f", true)] // constraint_set0+1: still Constrained Baseline
    [InlineData("42e01f", "4d801f", true)] // Main with constraint_set0 decodes as Constrained Baseline
    [InlineData("42e01f", "42001f", false)] // Baseline is not Constrained Baseline
    [InlineData("4d001f", "64001f", false)] // Main is not High
    [InlineData("64001f", "640c1f", false)] // High is not Constrained High
    [InlineData("640c1f", "640c34", true)]
    [InlineData("42e01f", "zz001f", false)] // malformed
    [InlineData("42e01f", "42e0", false)]
    public void H264_MatchesByProfile(string sent, string offered, bool matches)
    {
        var section = Section(MediaKind.Video, Codec(102, "H264", $"packetization-mode=1;profile-level-id={offered}"));
        var found = CodecMatching.Find(section, Forwarded("H264", $"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={sent}"));
        Assert.Equal(matches, found is not null);
    }

    [Fact]
    public void H264_PacketizationModeMustAgree_AndTheFirstMatchWins()
    {
        var section = Section(MediaKind.Video,
            Codec(104, "H264", "packetization-mode=0;profile-level-id=42e01f"),
            Codec(106, "h264", "packetization-mode=1;profile-level-id=42e01f"),
            Codec(108, "H264", "packetization-mode=1;profile-level-id=42e01f"));
        Assert.Equal(106, CodecMatching.Find(section, Forwarded("H264", "packetization-mode=1;profile-level-id=42e01f"))!.PayloadType);
        Assert.Equal(104, CodecMatching.Find(section, Forwarded("H264", "profile-level-id=42e01f"))!.PayloadType); // absent mode is 0
    }

    [Fact]
    public void Vp9AndAv1_MatchByProfile_AbsentMeaningZero()
    {
        var vp9 = Section(MediaKind.Video, Codec(98, "VP9", "profile-id=0"), Codec(100, "VP9", "profile-id=2"));
        Assert.Equal(98, CodecMatching.Find(vp9, Forwarded("VP9"))!.PayloadType);
        Assert.Equal(100, CodecMatching.Find(vp9, Forwarded("VP9", "profile-id=2"))!.PayloadType);
        Assert.Null(CodecMatching.Find(vp9, Forwarded("VP9", "profile-id=1")));

        var av1 = Section(MediaKind.Video, Codec(45, "AV1", "level-idx=5;profile=0;tier=0"));
        Assert.Equal(45, CodecMatching.Find(av1, Forwarded("AV1"))!.PayloadType);
        Assert.Null(CodecMatching.Find(av1, Forwarded("AV1", "profile=1")));
        Assert.Equal(96, CodecMatching.Find(Section(MediaKind.Video, Codec(96, "vp8")), Forwarded("VP8"))!.PayloadType);
    }

    [Fact]
    public void Opus_NeedsTheSameChannels_ButNotTheSameWishes()
    {
        var section = Section(MediaKind.Audio, Codec(63, "red", channels: 2), Codec(111, "opus", "minptime=10;useinbandfec=1", channels: 2));
        Assert.Equal(111, CodecMatching.Find(section, Forwarded("opus", "stereo=1;sprop-stereo=1", channels: 2))!.PayloadType);
        Assert.Null(CodecMatching.Find(section, Forwarded("opus")));
        Assert.Null(CodecMatching.Find(section, Forwarded("VP8")));
    }
}
