using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-octet tag for SRTP and SRTCP (RFC 7714), on the BCL's
/// <see cref="AesGcm"/>, which encrypts and decrypts in place without allocating.
/// </summary>
/// <remarks>
/// Wire formats (RFC 7714 §8.2, §9.2, §9.3); GCM's tag is the last 16 octets of its output:
/// <code>
///  SRTP:           | RTP header (AAD) | ciphertext | tag (16) |
///
///  SRTCP, E = 1:   | first 8 octets of RTCP (AAD) | ciphertext | tag (16) | E=1 | SRTCP index (AAD) |
///
///  SRTCP, E = 0:   | whole RTCP packet (AAD)                   | tag (16) | E=0 | SRTCP index (AAD) |
/// </code>
/// <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// reports a tag mismatch only by throwing (the BCL has no Try form); that exception is caught here and never
/// leaves the transform, so forged packets cost an exception each but callers only ever see a status.
/// </remarks>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int SessionKeyLength = 16;
    private const int SessionSaltLength = 12;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int RtcpHeaderLength = 8;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    /// <summary>Builds the transform from session keys (already derived, or given directly by a test vector).</summary>
    public AesGcmTransform(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt)
    {
        _rtp = new AesGcm(rtpKey, TagLength);
        _rtcp = new AesGcm(rtcpKey, TagLength);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTagLength => TagLength;

    public override int EsrtcpWordOffsetFromEnd => EsrtcpWordLength;

    /// <summary>Derives the SRTP and SRTCP encryption keys and 96-bit salts (labels 0, 2, 3, 5; RFC 7714 §11) and builds the transform.</summary>
    public static AesGcmTransform Derive(AesCounterMode masterKeyPrf, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> keys = stackalloc byte[2 * (SessionKeyLength + SessionSaltLength)];
        var rtpKey = keys[..SessionKeyLength];
        var rtpSalt = keys.Slice(SessionKeyLength, SessionSaltLength);
        var rtcpKey = keys.Slice(SessionKeyLength + SessionSaltLength, SessionKeyLength);
        var rtcpSalt = keys[(SessionKeyLength + SessionSaltLength + SessionKeyLength)..];
        try
        {
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtpSalt, rtpSalt);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtcpSalt, rtcpSalt);
            return new AesGcmTransform(rtpKey, rtpSalt, rtcpKey, rtcpSalt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        FormNonce(nonce, _rtpSalt, ssrc, rolloverCounter, sequenceNumber);
        var payload = packet[headerLength..length];
        _rtp.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), packet[..headerLength]);
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        FormNonce(nonce, _rtpSalt, ssrc, rolloverCounter, sequenceNumber);
        var payloadEnd = length - TagLength;
        var payload = packet[headerLength..payloadEnd];
        return TryDecrypt(_rtp, nonce, payload, packet[payloadEnd..length], packet[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        FormNonce(nonce, _rtcpSalt, ssrc, 0, 0);
        XorRtcpIndex(nonce, index);
        var esrtcpWord = EncryptedFlag | index;
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + EsrtcpWordLength];
        packet[..RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], esrtcpWord);
        var payload = packet[RtcpHeaderLength..length];
        _rtcp.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + TagLength)..], esrtcpWord);
        return length + TagLength + EsrtcpWordLength;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint esrtcpWord)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        FormNonce(nonce, _rtcpSalt, ssrc, 0, 0);
        XorRtcpIndex(nonce, esrtcpWord & ~EncryptedFlag);
        var tagStart = length - EsrtcpWordLength - TagLength;
        if ((esrtcpWord & EncryptedFlag) != 0)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + EsrtcpWordLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], esrtcpWord);
            var payload = packet[RtcpHeaderLength..tagStart];
            return TryDecrypt(_rtcp, nonce, payload, packet.Slice(tagStart, TagLength), aad);
        }

        // E = 0 (§9.3): the AAD is the RTCP packet followed by the ESRTCP word, which on the wire sit either side of
        // the tag. Lift the tag out and slide the word next to the packet so the AAD is one span, then put it back.
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagStart, TagLength).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[tagStart..], esrtcpWord);
        var verified = TryDecrypt(_rtcp, nonce, [], tag, packet[..(tagStart + EsrtcpWordLength)]);
        tag.CopyTo(packet[tagStart..]);
        return verified;
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>
    /// The GCM nonce (RFC 7714 §8.1 for SRTP; §9.1 for SRTCP with ROC and SEQ zero and the index XORed in after):
    /// <code>
    ///   byte:   0  1 | 2 .. 5 | 6 .. 9 | 10 11
    ///           0  0 | SSRC   | ROC    | SEQ        (SRTCP: 0 0 | SSRC | 0 0 | 0 || SRTCP index (31))
    ///     XOR   salt (12 octets)
    /// </code>
    /// </summary>
    private static void FormNonce(Span<byte> nonce, ReadOnlySpan<byte> sessionSalt, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], rolloverCounter);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequenceNumber);
        for (var i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= sessionSalt[i];
        }
    }

    private static void XorRtcpIndex(Span<byte> nonce, uint index) =>
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], BinaryPrimitives.ReadUInt32BigEndian(nonce[8..]) ^ index);

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> nonce, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, ciphertext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // The BCL zeroes the output on a mismatch, so no unauthenticated plaintext is left behind.
            return false;
        }
    }
}
