using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// The use_srtp extension exchange (RFC 5764 §4.1): the client lists the protection profiles it accepts, the server
/// answers with exactly one of them; both send an empty MKI (WebRTC never uses MKIs). The profile ids in the
/// extension are the <see cref="SrtpProfile"/> values.
/// </summary>
internal static class SrtpProfileNegotiation
{
    /// <summary>Our preference order: AEAD_AES_128_GCM first (cheaper and stronger), then AES_CM_128_HMAC_SHA1_80, which every browser has.</summary>
    public static readonly IReadOnlyList<SrtpProfile> DefaultPreference = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1Tag80];

    /// <summary>The client's offer: our profiles in preference order, no MKI.</summary>
    public static UseSrtpData CreateOffer(IReadOnlyList<SrtpProfile> preference)
    {
        var ids = new int[preference.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)preference[i];
        }

        return new UseSrtpData(ids, []);
    }

    /// <summary>The server's answer for a chosen profile, no MKI.</summary>
    public static UseSrtpData CreateAnswer(SrtpProfile selected) => new([(int)selected], []);

    /// <summary>
    /// Server side: picks the first of our profiles (server preference, as RFC 5764 §4.1.1 lets the server choose) that
    /// the client offered. False when the client sent no use_srtp or nothing in common.
    /// </summary>
    public static bool TrySelect(UseSrtpData? offer, IReadOnlyList<SrtpProfile> preference, out SrtpProfile selected)
    {
        selected = default;
        if (offer?.ProtectionProfiles is not { } offered)
        {
            return false;
        }

        for (var i = 0; i < preference.Count; i++)
        {
            if (Array.IndexOf(offered, (int)preference[i]) >= 0)
            {
                selected = preference[i];
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Client side: accepts the server's answer only if it names exactly one profile that we offered and no MKI
    /// (RFC 5764 §4.1.1: anything else is a protocol error). False when the server sent no use_srtp.
    /// </summary>
    public static bool TryAccept(UseSrtpData? answer, IReadOnlyList<SrtpProfile> preference, out SrtpProfile selected)
    {
        selected = default;
        if (answer?.ProtectionProfiles is not { Length: 1 } profiles || answer.Mki is not { Length: 0 })
        {
            return false;
        }

        for (var i = 0; i < preference.Count; i++)
        {
            if ((int)preference[i] == profiles[0])
            {
                selected = preference[i];
                return true;
            }
        }

        return false;
    }
}
