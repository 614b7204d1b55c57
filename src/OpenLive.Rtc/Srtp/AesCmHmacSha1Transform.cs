using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode for confidentiality and HMAC-SHA1 truncated to 80 bits for
/// integrity, for both SRTP and SRTCP (RFC 3711 §4.1.1, §4.2.1, §5; RFC 5764 §4.1.2).
/// </summary>
/// <remarks>
/// Wire formats (RFC 3711 §3.1 and §3.4); the tag covers the authenticated portion, and for SRTP also the ROC,
/// which is not on the wire but appended to the MAC input (§4.2):
/// <code>
///  SRTP:  | RTP header (12 + 4*CC [+ extension]) | encrypted payload | auth tag (10) |
///         |&lt;--------------- authenticated (|| ROC, 4 octets) ----------&gt;|
///
///  SRTCP: | V=2|P|RC | PT | length | SSRC of sender | encrypted RTCP payload | E | SRTCP index (31) | auth tag (10) |
///         |&lt;------------------------------------ authenticated ----------------------------------&gt;|
/// </code>
/// The MACs are keyed <see cref="IncrementalHash"/> instances reused for every packet, so tagging allocates nothing.
/// </remarks>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int SessionKeyLength = 16;
    private const int SessionSaltLength = 14;
    private const int AuthKeyLength = 20;
    private const int TagLength = 10;
    private const int Sha1Length = 20;
    private const int RtcpHeaderLength = 8;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    /// <summary>Builds the transform from session keys (already derived, or given directly by a test vector).</summary>
    public AesCmHmacSha1Transform(
        ReadOnlySpan<byte> rtpKey,
        ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtpSalt,
        ReadOnlySpan<byte> rtcpKey,
        ReadOnlySpan<byte> rtcpAuthKey,
        ReadOnlySpan<byte> rtcpSalt)
    {
        _rtpCipher = new AesCounterMode(rtpKey);
        _rtcpCipher = new AesCounterMode(rtcpKey);
        _rtpMac = CreateHmacSha1(rtpAuthKey);
        _rtcpMac = CreateHmacSha1(rtcpAuthKey);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTagLength => TagLength;

    public override int EsrtcpWordOffsetFromEnd => TagLength + EsrtcpWordLength;

    /// <summary>Derives the six session keys (labels 0–5) and builds the transform.</summary>
    public static AesCmHmacSha1Transform Derive(AesCounterMode masterKeyPrf, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> keys = stackalloc byte[2 * (SessionKeyLength + AuthKeyLength + SessionSaltLength)];
        var rtpKey = keys[..SessionKeyLength];
        var rtpAuth = keys.Slice(SessionKeyLength, AuthKeyLength);
        var rtpSalt = keys.Slice(SessionKeyLength + AuthKeyLength, SessionSaltLength);
        var rtcp = keys[(SessionKeyLength + AuthKeyLength + SessionSaltLength)..];
        var rtcpKey = rtcp[..SessionKeyLength];
        var rtcpAuth = rtcp.Slice(SessionKeyLength, AuthKeyLength);
        var rtcpSalt = rtcp.Slice(SessionKeyLength + AuthKeyLength, SessionSaltLength);
        try
        {
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtpAuthentication, rtpAuth);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtpSalt, rtpSalt);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtcpAuthentication, rtcpAuth);
            SrtpKeyDerivation.Derive(masterKeyPrf, masterSalt, SrtpKeyLabel.RtcpSalt, rtcpSalt);
            return new AesCmHmacSha1Transform(rtpKey, rtpAuth, rtpSalt, rtcpKey, rtcpAuth, rtcpSalt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        FormIv(iv, _rtpSalt, ssrc, ((ulong)rolloverCounter << 16) | sequenceNumber);
        _rtpCipher.Transform(iv, packet[headerLength..length]);
        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpMac(packet[..length], rolloverCounter, mac);
        mac[..TagLength].CopyTo(packet[length..]);
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber)
    {
        var payloadEnd = length - TagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpMac(packet[..payloadEnd], rolloverCounter, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[payloadEnd..length]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        FormIv(iv, _rtpSalt, ssrc, ((ulong)rolloverCounter << 16) | sequenceNumber);
        _rtpCipher.Transform(iv, packet[headerLength..payloadEnd]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        FormIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher.Transform(iv, packet[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], EncryptedFlag | index);
        var authenticatedEnd = length + EsrtcpWordLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(packet[..authenticatedEnd]);
        _rtcpMac.GetHashAndReset(mac);
        mac[..TagLength].CopyTo(packet[authenticatedEnd..]);
        return authenticatedEnd + TagLength;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint esrtcpWord)
    {
        var authenticatedEnd = length - TagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(packet[..authenticatedEnd]);
        _rtcpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[authenticatedEnd..length]))
        {
            return false;
        }

        if ((esrtcpWord & EncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            FormIv(iv, _rtcpSalt, ssrc, esrtcpWord & ~EncryptedFlag);
            _rtcpCipher.Transform(iv, packet[RtcpHeaderLength..(authenticatedEnd - EsrtcpWordLength)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>
    /// The AES-CM IV (RFC 3711 §4.1.1): IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where i is the
    /// 48-bit packet index (SRTP: ROC || SEQ; SRTCP: the 31-bit SRTCP index).
    /// <code>
    ///   byte:   0 .. 3 | 4 .. 7 | 8 .. 13      | 14 15
    ///           salt   | salt   | salt         | 0  0     (k_s, 14 octets, times 2^16)
    ///     XOR   0      | SSRC   | 0            | -  -
    ///     XOR   0      | 0      | index (48)   | -  -     (bytes 14..15 are the block counter)
    /// </code>
    /// </summary>
    private static void FormIv(Span<byte> iv, ReadOnlySpan<byte> sessionSalt, uint ssrc, ulong index)
    {
        iv[14] = 0;
        iv[15] = 0;
        sessionSalt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(iv[8..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv[8..]) ^ (ushort)(index >> 32)));
        BinaryPrimitives.WriteUInt32BigEndian(iv[10..], BinaryPrimitives.ReadUInt32BigEndian(iv[10..]) ^ (uint)index);
    }

    // RFC 3711 mandates HMAC-SHA1 for this profile; SHA-1's collision weakness does not affect HMAC.
#pragma warning disable CA5350
    private static IncrementalHash CreateHmacSha1(ReadOnlySpan<byte> key) => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
#pragma warning restore CA5350

    /// <summary>HMAC-SHA1(k_a, authenticated portion || ROC) (RFC 3711 §4.2).</summary>
    private void ComputeRtpMac(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> mac)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.GetHashAndReset(mac);
    }
}
