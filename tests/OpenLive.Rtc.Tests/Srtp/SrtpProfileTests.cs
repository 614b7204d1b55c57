using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Tests.Srtp;

public sealed class SrtpProfileTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    public void ExportLength_MatchesRfc5764(SrtpProfile profile, int exported) =>
        Assert.Equal(exported, 2 * (profile.KeyLength() + profile.SaltLength()));
}
