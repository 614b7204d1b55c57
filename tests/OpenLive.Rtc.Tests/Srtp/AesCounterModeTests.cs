using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>The AES-CM keystream against RFC 3711 Appendix B.2.</summary>
public sealed class AesCounterModeTests
{
    // RFC 3711 Appendix B.2: session key, and the offset (session salt already shifted; ROC, SEQ and SSRC zero).
    private static readonly byte[] SessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] Offset = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Fact]
    public void KeystreamSegment_MatchesRfc3711B2_AtBothEnds()
    {
        // B.2's segment is 1,044,512 octets (65,282 blocks); it lists the first three and the last three blocks.
        var keystream = new byte[1_044_512];
        using var cipher = new AesCounterMode(SessionKey);
        cipher.Transform(Offset, keystream);

        Assert.Equal(
            Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(
            Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void Transform_IsItsOwnInverse_AtEveryLength()
    {
        using var cipher = new AesCounterMode(SessionKey);
        for (var length = 0; length <= 2100; length += 37)
        {
            var data = new byte[length];
            Random.Shared.NextBytes(data);
            var original = (byte[])data.Clone();
            cipher.Transform(Offset, data);
            cipher.Transform(Offset, data);
            Assert.Equal(original, data);
        }
    }

    [Fact]
    public void ChunkedKeystream_EqualsOneShotKeystream()
    {
        // 5,000 bytes span several internal chunks; every prefix of the keystream must be the same stream.
        using var cipher = new AesCounterMode(SessionKey);
        var whole = new byte[5000];
        cipher.Transform(Offset, whole);
        var shorter = new byte[2049];
        cipher.Transform(Offset, shorter);
        Assert.Equal(whole[..2049], shorter);
    }
}
