using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed class SrtpProfileNegotiationTests
{
    private static readonly IReadOnlyList<SrtpProfile> Both = SrtpProfileNegotiation.DefaultPreference;

    [Fact]
    public void Offer_ListsOurProfilesInPreferenceOrder_WithoutMki()
    {
        var offer = SrtpProfileNegotiation.CreateOffer(Both);
        Assert.Equal([SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], offer.ProtectionProfiles);
        Assert.Empty(offer.Mki);

        // What goes on the wire (RFC 5764 §4.1.1): profiles length 4, 0x0007, 0x0001, MKI length 0.
        Assert.Equal(new byte[] { 0x00, 0x04, 0x00, 0x07, 0x00, 0x01, 0x00 }, TlsSrtpUtilities.CreateUseSrtpExtension(offer));
    }

    [Fact]
    public void Server_PrefersOurOrder_OverTheClients()
    {
        var browserOffer = new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM], []);
        Assert.True(SrtpProfileNegotiation.TrySelect(browserOffer, Both, out var selected));
        Assert.Equal(SrtpProfile.AeadAes128Gcm, selected);

        Assert.True(SrtpProfileNegotiation.TrySelect(browserOffer, [SrtpProfile.AesCm128HmacSha1Tag80], out selected));
        Assert.Equal(SrtpProfile.AesCm128HmacSha1Tag80, selected);
    }

    [Fact]
    public void Server_FindsNothing_InAForeignOrMissingOffer()
    {
        Assert.False(SrtpProfileNegotiation.TrySelect(null, Both, out _));
        Assert.False(SrtpProfileNegotiation.TrySelect(new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32], []), Both, out _));
        Assert.False(SrtpProfileNegotiation.TrySelect(new UseSrtpData([SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM], []), [SrtpProfile.AesCm128HmacSha1Tag80], out _));
    }

    [Fact]
    public void Client_AcceptsOnlyOneOfferedProfile_WithoutMki()
    {
        Assert.True(SrtpProfileNegotiation.TryAccept(SrtpProfileNegotiation.CreateAnswer(SrtpProfile.AesCm128HmacSha1Tag80), Both, out var accepted));
        Assert.Equal(SrtpProfile.AesCm128HmacSha1Tag80, accepted);

        Assert.False(SrtpProfileNegotiation.TryAccept(null, Both, out _));
        Assert.False(SrtpProfileNegotiation.TryAccept(new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32], []), Both, out _));
        Assert.False(SrtpProfileNegotiation.TryAccept(new UseSrtpData([1, 7], []), Both, out _));
        Assert.False(SrtpProfileNegotiation.TryAccept(new UseSrtpData([7], [0x01]), Both, out _));
        Assert.False(SrtpProfileNegotiation.TryAccept(new UseSrtpData([7], []), [SrtpProfile.AesCm128HmacSha1Tag80], out _));
    }
}
