namespace OpenLive.Rtc.Srtp;

/// <summary>
/// Outcome of protecting or unprotecting one packet. Bad packets are reported here, never thrown;
/// on any status but <see cref="Ok"/> the packet must be dropped and the buffer's bytes are unspecified
/// (they never hold the plaintext of a packet that failed authentication).
/// </summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or unprotected; the new length is valid.</summary>
    Ok = 0,

    /// <summary>Shorter than the smallest packet the profile allows (header plus tag or SRTCP trailer).</summary>
    TooShort,

    /// <summary>Longer than <see cref="SrtpSender.MaxPacketLength"/> (no UDP datagram is).</summary>
    TooLong,

    /// <summary>Not RTP/RTCP version 2, or the RTP header (CSRCs, extension) runs past the packet.</summary>
    Malformed,

    /// <summary>Protect only: the buffer has no room after the packet for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag does not match: forged, corrupted or keyed for another session.</summary>
    AuthenticationFailed,

    /// <summary>Already received, or older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The session already tracks its maximum number of SSRCs; a new one is refused.</summary>
    SsrcLimitReached,

    /// <summary>The packet index space of this key is used up (2^48 SRTP, 2^31 SRTCP packets); the session must be re-keyed.</summary>
    KeyLifetimeExceeded,
}
