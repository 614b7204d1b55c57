using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>
/// AEAD_AES_128_GCM against RFC 7714's own vectors (§16 SRTP, §17 SRTCP), which give session keys directly (no
/// master key), so they drive the transform; and against libsrtp's GCM reference packets, which include key derivation.
/// </summary>
public sealed class AesGcmVectorTests
{
    // RFC 7714 §16 preamble: key 00 01 .. 0f (AES-256: .. 1f), salt "Quid pro quo".
    private static readonly byte[] Key128 = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Key256 = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] Salt = Hex("517569642070726f2071756f");

    // RFC 7714 §16: the RTP packet every SRTP vector uses (SSRC 5501a0b2, SEQ f17b, ROC 0).
    private static readonly byte[] RtpPacket = Hex("""
        8040f17b 8041f8d3 5501a0b2 47616c6c
        69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472
        6573
        """);

    // RFC 7714 §16.1.1, "Encrypted and tagged packet".
    private static readonly byte[] SrtpPacket128 = Hex("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3
        fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf
        8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """);

    // RFC 7714 §17.1: the RTCP packet the SRTCP vectors use (SSRC "Mars"), with SRTCP index 000005d4.
    private static readonly byte[] RtcpPacket = Hex("""
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef
        """);

    private const uint RtcpSsrc = 0x4d617273;
    private const uint RtcpIndex = 0x000005d4;

    [Fact]
    public void Rfc7714_16_1_1_ProtectRtp_ProducesTheEncryptedAndTaggedPacket()
    {
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var buffer = new byte[RtpPacket.Length + 16];
        RtpPacket.CopyTo(buffer, 0);
        var length = transform.ProtectRtp(buffer, 12, RtpPacket.Length, 0x5501a0b2, 0, 0xf17b);
        Assert.Equal(SrtpPacket128, buffer[..length]);
    }

    [Fact]
    public void Rfc7714_16_1_2_UnprotectRtp_RecoversThePayload()
    {
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var buffer = (byte[])SrtpPacket128.Clone();
        Assert.True(transform.UnprotectRtp(buffer, 12, buffer.Length, 0x5501a0b2, 0, 0xf17b));
        Assert.Equal(RtpPacket, buffer[..RtpPacket.Length]);
    }

    [Fact]
    public void Rfc7714_16_2_1_Aes256_ProtectRtp_ProducesTheEncryptedAndTaggedPacket()
    {
        // The transform is key-size agnostic; §16.2 pins the same IV and AAD handling under AES-256.
        using var transform = new AesGcmTransform(Key256, Salt, Key256, Salt);
        var buffer = new byte[RtpPacket.Length + 16];
        RtpPacket.CopyTo(buffer, 0);
        var length = transform.ProtectRtp(buffer, 12, RtpPacket.Length, 0x5501a0b2, 0, 0xf17b);
        Assert.Equal(
            Hex("""
                8040f17b 8041f8d3 5501a0b2 32b1de78
                a822fe12 ef9f78fa 332e33aa b1801238
                9a58e2f3 b50b2a02 76ffae0f 1ba63799
                b87b7aa3 db36dfff d6b0f9bb 7878d7a7
                6c13
                """),
            buffer[..length]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(30)]
    [InlineData(65)]
    public void Rfc7714_16_1_2_AnyFlippedBit_FailsAndLeavesNoPlaintext(int position)
    {
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var buffer = (byte[])SrtpPacket128.Clone();
        buffer[position] ^= 0x01;
        Assert.False(transform.UnprotectRtp(buffer, 12, buffer.Length, 0x5501a0b2, 0, 0xf17b));
        Assert.NotEqual(RtpPacket[12..], buffer[12..RtpPacket.Length]);
    }

    [Fact]
    public void Rfc7714_17_1_ProtectRtcp_ProducesTheEncryptedAndTaggedPacket()
    {
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var buffer = new byte[RtcpPacket.Length + 20];
        RtcpPacket.CopyTo(buffer, 0);
        var length = transform.ProtectRtcp(buffer, RtcpPacket.Length, RtcpSsrc, RtcpIndex);
        Assert.Equal(
            Hex("""
                81c8000d 4d617273 63e94885 dcdab67c
                a727d766 2f6b7e99 7ff5c0f7 6c06f32d
                c676a5f1 730d6fda 4ce09b46 86303ded
                0bb9275b c84aa458 96cf4d2f c5abf872
                45d9eade 800005d4
                """),
            buffer[..length]);
    }

    [Fact]
    public void Rfc7714_17_2_Aes256_UnprotectRtcp_RecoversThePacket()
    {
        using var transform = new AesGcmTransform(Key256, Salt, Key256, Salt);
        var buffer = Hex("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30
            4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047
            6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4
            """);
        Assert.True(transform.UnprotectRtcp(buffer, buffer.Length, RtcpSsrc, 0x800005d4));
        Assert.Equal(RtcpPacket, buffer[..RtcpPacket.Length]);
    }

    [Fact]
    public void Rfc7714_17_3_TaggedOnlyPacket_Verifies_AndIsLeftAsIs()
    {
        // §17.3's "Tagged packet": E = 0, the AAD is the whole RTCP packet plus the ESRTCP word (§9.3).
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var tagged = Hex("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4
            """);
        var buffer = (byte[])tagged.Clone();
        Assert.True(transform.UnprotectRtcp(buffer, buffer.Length, RtcpSsrc, 0x000005d4));
        Assert.Equal(tagged, buffer);

        buffer[20] ^= 0x80;
        Assert.False(transform.UnprotectRtcp(buffer, buffer.Length, RtcpSsrc, 0x000005d4));
        buffer[20] ^= 0x80;
        Assert.Equal(tagged, buffer);
    }

    [Fact]
    public void Rfc7714_17_4_Aes256_TaggedOnlyPacket_Verifies()
    {
        using var transform = new AesGcmTransform(Key256, Salt, Key256, Salt);
        var buffer = Hex("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 91db4afb feee5a97 8fab4393
            ed2615fe 000005d4
            """);
        Assert.True(transform.UnprotectRtcp(buffer, buffer.Length, RtcpSsrc, 0x000005d4));
        Assert.Equal(RtcpPacket, buffer[..RtcpPacket.Length]);
    }

    [Fact]
    public void Rfc7714_17_3_EsrtcpWord_SitsInTheLastFourOctets()
    {
        // Where the receiver reads E and the index for GCM (§9.2, §9.3): after the tag, unlike AES-CM (§3.4).
        using var transform = new AesGcmTransform(Key128, Salt, Key128, Salt);
        var tagged = Hex("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4
            """);
        var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(tagged.AsSpan(tagged.Length - transform.EsrtcpWordOffsetFromEnd));
        Assert.Equal(0x000005d4u, word);
        Assert.True(transform.UnprotectRtcp(tagged, tagged.Length, RtcpSsrc, word));
    }

    // libsrtp test/srtp_driver.c, srtp_validate_gcm(): master key 00..0f, master salt a0..ab, SSRC 0xcafebabe.
    private static readonly SrtpKeyingMaterial LibsrtpKeys = new(
        SrtpProfile.AeadAes128Gcm,
        Hex("000102030405060708090a0b0c0d0e0f"),
        Hex("a0a1a2a3a4a5a6a7a8a9aaab"),
        Hex("000102030405060708090a0b0c0d0e0f"),
        Hex("a0a1a2a3a4a5a6a7a8a9aaab"));

    private static readonly byte[] LibsrtpRtp = Hex("800f1234decafbadcafebabe abababababababababababababababab");
    private static readonly byte[] LibsrtpSrtp = Hex("800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392");
    private static readonly byte[] LibsrtpRtcp = Hex("81c8000bcafebabe abababababababababababababababab");
    private static readonly byte[] LibsrtpSrtcp = Hex("81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001");

    [Fact]
    public void Libsrtp_ProtectRtp_ReproducesReferencePacket_KeyDerivationIncluded()
    {
        using var sender = new SrtpSender(LibsrtpKeys);
        var buffer = new byte[LibsrtpRtp.Length + 16];
        LibsrtpRtp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, LibsrtpRtp.Length, out var length));
        Assert.Equal(LibsrtpSrtp, buffer[..length]);
    }

    [Fact]
    public void Libsrtp_ProtectRtcp_SecondPacket_ReproducesReferencePacket()
    {
        // libsrtp's first SRTCP index is 1; ours is 0 (RFC 3711 §3.4), so the second packet is the vector.
        using var sender = new SrtpSender(LibsrtpKeys);
        var buffer = new byte[LibsrtpRtcp.Length + 20];
        LibsrtpRtcp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, LibsrtpRtcp.Length, out _));
        LibsrtpRtcp.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, LibsrtpRtcp.Length, out var length));
        Assert.Equal(LibsrtpSrtcp, buffer[..length]);
    }

    [Fact]
    public void Libsrtp_UnprotectRtpAndRtcp_RecoverReferencePlaintext()
    {
        using var receiver = new SrtpReceiver(LibsrtpKeys);
        var (rtpStatus, rtp) = UnprotectRtp(receiver, LibsrtpSrtp);
        Assert.Equal(SrtpStatus.Ok, rtpStatus);
        Assert.Equal(LibsrtpRtp, rtp);
        var (rtcpStatus, rtcp) = UnprotectRtcp(receiver, LibsrtpSrtcp);
        Assert.Equal(SrtpStatus.Ok, rtcpStatus);
        Assert.Equal(LibsrtpRtcp, rtcp);
    }
}
