using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>
/// Whole packets under AES_CM_128_HMAC_SHA1_80, key derivation included, against the reference packets of libsrtp's
/// test driver (test/srtp_driver.c, srtp_validate(): master key and salt are RFC 3711 B.3's, SSRC 0xcafebabe).
/// Reproducing another implementation's bytes is what proves interoperation; round trips only prove consistency.
/// </summary>
public sealed class AesCmHmacSha1VectorTests
{
    private static readonly SrtpKeyingMaterial Keys = new(
        SrtpProfile.AesCm128HmacSha1Tag80,
        Hex("e1f97a0d3e018be0d64fa32c06de4139"),
        Hex("0ec675ad498afeebb6960b3aabe6"),
        Hex("e1f97a0d3e018be0d64fa32c06de4139"),
        Hex("0ec675ad498afeebb6960b3aabe6"));

    private static readonly byte[] RtpPlain = Hex("800f1234decafbadcafebabe abababababababababababababababab");
    private static readonly byte[] SrtpExpected = Hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
    private static readonly byte[] RtcpPlain = Hex("81c8000bcafebabe abababababababababababababababab");

    // libsrtp numbers its first SRTCP packet 1 (ESRTCP word 80000001).
    private static readonly byte[] SrtcpExpected = Hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");

    [Fact]
    public void ProtectRtp_ReproducesLibsrtpPacket()
    {
        using var sender = new SrtpSender(Keys);
        var buffer = new byte[RtpPlain.Length + sender.RtpOverhead];
        RtpPlain.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, RtpPlain.Length, out var length));
        Assert.Equal(SrtpExpected, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtp_RecoversLibsrtpPlaintext()
    {
        using var receiver = new SrtpReceiver(Keys);
        var buffer = (byte[])SrtpExpected.Clone();
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, buffer.Length, out var length));
        Assert.Equal(RtpPlain, buffer[..length]);
    }

    [Fact]
    public void ProtectRtcp_SecondPacket_ReproducesLibsrtpPacket()
    {
        // Our SRTCP index starts at 0 as RFC 3711 §3.4 requires; libsrtp's vector is index 1, so send one before it.
        using var sender = new SrtpSender(Keys);
        var first = new byte[RtcpPlain.Length + sender.RtcpOverhead];
        RtcpPlain.CopyTo(first, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(first, RtcpPlain.Length, out var firstLength));
        Assert.Equal(Hex("80000000"), first[(firstLength - 14)..(firstLength - 10)]);

        var buffer = new byte[RtcpPlain.Length + sender.RtcpOverhead];
        RtcpPlain.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, RtcpPlain.Length, out var length));
        Assert.Equal(SrtcpExpected, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtcp_RecoversLibsrtpPlaintext()
    {
        using var receiver = new SrtpReceiver(Keys);
        var buffer = (byte[])SrtcpExpected.Clone();
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, buffer.Length, out var length));
        Assert.Equal(RtcpPlain, buffer[..length]);
    }

    [Fact]
    public void UnprotectRtcp_EFlagClear_AuthenticatesWithoutDecrypting()
    {
        // An SRTCP packet sent in the clear (E = 0, RFC 3711 §3.4): tag it with the vector's keys by hand.
        using var receiver = new SrtpReceiver(Keys);
        var encrypted = (byte[])SrtcpExpected.Clone();
        var clear = new byte[RtcpPlain.Length + 14];
        RtcpPlain.CopyTo(clear, 0);
        clear[RtcpPlain.Length + 3] = 0x07;
        using var mac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA1, DeriveRtcpAuthKey());
        mac.AppendData(clear.AsSpan(0, RtcpPlain.Length + 4));
        mac.GetHashAndReset()[..10].CopyTo(clear, RtcpPlain.Length + 4);

        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(clear, clear.Length, out var length));
        Assert.Equal(RtcpPlain, clear[..length]);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(encrypted, encrypted.Length, out _));
    }

    private static byte[] DeriveRtcpAuthKey()
    {
        using var prf = new AesCounterMode(Keys.LocalMasterKey);
        var key = new byte[20];
        SrtpKeyDerivation.Derive(prf, Keys.LocalMasterSalt, SrtpKeyLabel.RtcpAuthentication, key);
        return key;
    }
}
