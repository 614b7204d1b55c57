using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>The AES-CM PRF key derivation against RFC 3711 Appendix B.3, byte for byte.</summary>
public sealed class SrtpKeyDerivationTests
{
    // RFC 3711 Appendix B.3: master key and master salt.
    private static readonly byte[] MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void CipherKey_MatchesRfc3711B3()
    {
        var key = Derive(SrtpKeyLabel.RtpEncryption, 16);
        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), key);
    }

    [Fact]
    public void CipherSalt_MatchesRfc3711B3()
    {
        var salt = Derive(SrtpKeyLabel.RtpSalt, 14);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), salt);
    }

    [Fact]
    public void AuthKey_All94Octets_MatchRfc3711B3()
    {
        // B.3 derives 94 octets (six AES blocks), so this also proves the counter runs across blocks.
        var authKey = Derive(SrtpKeyLabel.RtpAuthentication, 94);
        Assert.Equal(
            Hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15
                6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098
                6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576
                6B68642C59BBFC2F34DB60DBDFB2
                """),
            authKey);
    }

    [Fact]
    public void WrongKeyOrSaltLength_IsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => SrtpTransform.Create(SrtpProfile.AesCm128HmacSha1Tag80, new byte[15], new byte[14]));
        Assert.Throws<ArgumentException>(() => SrtpTransform.Create(SrtpProfile.AesCm128HmacSha1Tag80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => SrtpTransform.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpTransform.Create((SrtpProfile)0x0002, new byte[16], new byte[14]));
    }

    private static byte[] Derive(SrtpKeyLabel label, int length)
    {
        using var prf = new AesCounterMode(MasterKey);
        var output = new byte[length];
        SrtpKeyDerivation.Derive(prf, MasterSalt, label, output);
        return output;
    }
}
