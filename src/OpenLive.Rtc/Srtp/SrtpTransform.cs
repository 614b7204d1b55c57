namespace OpenLive.Rtc.Srtp;

/// <summary>
/// One profile's cryptographic transform over already-parsed packets, keyed with one direction's session keys.
/// The sessions (<see cref="SrtpSender"/>, <see cref="SrtpReceiver"/>) parse headers, pick the packet index and keep
/// replay state; a transform only encrypts, decrypts, tags and verifies. Not thread-safe.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Length of the ESRTCP word (E flag and 31-bit SRTCP index, RFC 3711 §3.4).</summary>
    public const int EsrtcpWordLength = 4;

    /// <summary>The E flag of the ESRTCP word: set when the SRTCP payload is encrypted.</summary>
    public const uint EncryptedFlag = 0x8000_0000;

    /// <summary>Bytes the SRTP authentication tag adds after an RTP packet.</summary>
    public abstract int RtpTagLength { get; }

    /// <summary>Bytes the SRTCP authentication tag adds.</summary>
    public abstract int RtcpTagLength { get; }

    /// <summary>Where the ESRTCP word starts, counted back from the end of an SRTCP packet.</summary>
    public abstract int EsrtcpWordOffsetFromEnd { get; }

    /// <summary>Everything SRTCP appends to an RTCP packet: the ESRTCP word and the tag.</summary>
    public int RtcpTrailerLength => EsrtcpWordLength + RtcpTagLength;

    /// <summary>Derives the session keys of one direction from its master key and salt, and builds the profile's transform.</summary>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not supported.</exception>
    public static SrtpTransform Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (profile is not (SrtpProfile.AesCm128HmacSha1Tag80 or SrtpProfile.AeadAes128Gcm))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (masterKey.Length != profile.KeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.KeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.SaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.SaltLength()}-byte master salt.", nameof(masterSalt));
        }

        using var prf = new AesCounterMode(masterKey);
        return profile == SrtpProfile.AeadAes128Gcm
            ? AesGcmTransform.Derive(prf, masterSalt)
            : AesCmHmacSha1Transform.Derive(prf, masterSalt);
    }

    /// <summary>
    /// Protects an RTP packet in place: encrypts <c>packet[headerLength..length]</c> and writes the tag after it.
    /// The caller has checked that <paramref name="packet"/> has <see cref="RtpTagLength"/> bytes of room past
    /// <paramref name="length"/>. Returns the SRTP packet's length.
    /// </summary>
    public abstract int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber);

    /// <summary>
    /// Verifies and decrypts an SRTP packet of <paramref name="length"/> bytes (tag included) in place.
    /// False when the tag does not verify; the payload is then not plaintext.
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint rolloverCounter, ushort sequenceNumber);

    /// <summary>
    /// Protects an RTCP packet in place with the E flag set and SRTCP index <paramref name="index"/>. The caller
    /// has checked the room for <see cref="RtcpTrailerLength"/> more bytes. Returns the SRTCP packet's length.
    /// </summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>
    /// Verifies an SRTCP packet of <paramref name="length"/> bytes (trailer included) and, when the E flag of
    /// <paramref name="esrtcpWord"/> is set, decrypts it in place. False when the tag does not verify.
    /// </summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint esrtcpWord);

    /// <inheritdoc />
    public abstract void Dispose();
}
