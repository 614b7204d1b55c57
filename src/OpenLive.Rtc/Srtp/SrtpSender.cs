namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The sending half of an SRTP session: protects outgoing RTP and RTCP in place with this endpoint's keys (the
/// <c>Local</c> half of <see cref="SrtpKeyingMaterial"/>), per RFC 3711 and RFC 7714.
/// </summary>
/// <remarks>
/// <para>
/// Capacity: the buffer must have room after the packet for what protection appends — <see cref="RtpOverhead"/>
/// bytes for RTP (the tag: 10 for AES-CM, 16 for GCM) and <see cref="RtcpOverhead"/> for RTCP (SRTCP index and
/// tag: 14 or 20). <see cref="MaxRtpOverhead"/> and <see cref="MaxRtcpOverhead"/> cover every profile.
/// </para>
/// <para>
/// Per SSRC the sender keeps its own rollover counter, guessing each packet's ROC from its sequence number the same
/// way a receiver will (RFC 3711 Appendix A), so forwarded packets that arrive reordered, or a retransmission under
/// the original sequence number, get the index the receiver expects; a wrap 65535 → 0 moves the ROC on. The SRTCP
/// index counts from zero per SSRC. Re-protecting a sequence number must carry the same payload: GCM would
/// otherwise reuse a nonce.
/// </para>
/// <para>
/// Not thread-safe: one instance is used by one thread at a time (per-packet scratch state is reused). Protecting
/// allocates nothing, except once for the first packet of each SSRC; at most <c>maxSsrcs</c> SSRCs are tracked.
/// </para>
/// </remarks>
public sealed class SrtpSender : IDisposable
{
    /// <summary>SSRCs one session tracks unless told otherwise: audio, video, RTX and simulcast layers fit many times over.</summary>
    public const int DefaultMaxSsrcs = 64;

    /// <summary>Largest packet, protected or not, a session handles: no UDP datagram is longer.</summary>
    public const int MaxPacketLength = 65535;

    /// <summary>The most <see cref="ProtectRtp"/> appends under any profile (the GCM tag).</summary>
    public const int MaxRtpOverhead = 16;

    /// <summary>The most <see cref="ProtectRtcp"/> appends under any profile (SRTCP index and GCM tag).</summary>
    public const int MaxRtcpOverhead = 20;

    private const uint MaxRtcpIndex = 0x7FFF_FFFF;

    private readonly SrtpTransform _transform;
    private readonly SrtpStreamTable _streams;
    private bool _disposed;

    /// <summary>Derives the sending session keys from the local master key and salt.</summary>
    /// <param name="keyingMaterial">The keys DTLS-SRTP exported; the local half is used.</param>
    /// <param name="maxSsrcs">How many SSRCs this session tracks before refusing new ones.</param>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    public SrtpSender(SrtpKeyingMaterial keyingMaterial, int maxSsrcs = DefaultMaxSsrcs)
    {
        ArgumentNullException.ThrowIfNull(keyingMaterial);
        _streams = new SrtpStreamTable(maxSsrcs);
        _transform = SrtpTransform.Create(keyingMaterial.Profile, keyingMaterial.LocalMasterKey, keyingMaterial.LocalMasterSalt);
        Profile = keyingMaterial.Profile;
    }

    /// <summary>The protection profile in use.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends to a packet.</summary>
    public int RtpOverhead => _transform.RtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends to a packet.</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>SSRCs this session keeps state for.</summary>
    public int SsrcCount => _streams.Count;

    /// <summary>
    /// Turns the RTP packet in <c>buffer[..length]</c> into an SRTP packet in place: encrypts the payload and appends
    /// the tag, so <c>buffer</c> needs <see cref="RtpOverhead"/> bytes of room past <paramref name="length"/>.
    /// </summary>
    /// <param name="buffer">Holds the packet at its start, with room after it.</param>
    /// <param name="length">Bytes of RTP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="protectedLength">The SRTP packet's length when the status is <see cref="SrtpStatus.Ok"/>, else 0.</param>
    /// <returns><see cref="SrtpStatus.Ok"/> or why the packet was not protected (the buffer is then unchanged).</returns>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        if (length < SrtpHeaderReader.RtpFixedHeaderLength)
        {
            return SrtpStatus.TooShort;
        }

        if (!SrtpHeaderReader.TryReadRtp(buffer[..length], out var headerLength, out var sequenceNumber, out var ssrc))
        {
            return SrtpStatus.Malformed;
        }

        var tagLength = _transform.RtpTagLength;
        if (length + tagLength > MaxPacketLength)
        {
            return SrtpStatus.TooLong;
        }

        if (buffer.Length - length < tagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var stream = _streams.Find(ssrc);
        if (stream is null)
        {
            if (_streams.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            stream = _streams.Add(ssrc);
        }

        uint rolloverCounter = 0;
        if (!stream.RtpStarted)
        {
            stream.StartRtp(sequenceNumber);
        }
        else
        {
            rolloverCounter = SrtpPacketIndex.GuessRolloverCounter(stream.RolloverCounter, stream.HighestSequence, sequenceNumber);
            if (rolloverCounter == 0 && stream.RolloverCounter == uint.MaxValue)
            {
                return SrtpStatus.KeyLifetimeExceeded;
            }

            stream.Advance(rolloverCounter, sequenceNumber);
        }

        protectedLength = _transform.ProtectRtp(buffer, headerLength, length, ssrc, rolloverCounter, sequenceNumber);
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Turns the (compound) RTCP packet in <c>buffer[..length]</c> into an SRTCP packet in place: encrypts all but
    /// the first 8 bytes, and appends the E flag with the SRTCP index and the tag, so <c>buffer</c> needs
    /// <see cref="RtcpOverhead"/> bytes of room past <paramref name="length"/>.
    /// </summary>
    /// <param name="buffer">Holds the packet at its start, with room after it.</param>
    /// <param name="length">Bytes of RTCP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="protectedLength">The SRTCP packet's length when the status is <see cref="SrtpStatus.Ok"/>, else 0.</param>
    /// <returns><see cref="SrtpStatus.Ok"/> or why the packet was not protected (the buffer is then unchanged).</returns>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        if (length < SrtpHeaderReader.RtcpHeaderLength)
        {
            return SrtpStatus.TooShort;
        }

        if (!SrtpHeaderReader.TryReadRtcp(buffer[..length], out var ssrc))
        {
            return SrtpStatus.Malformed;
        }

        var trailerLength = _transform.RtcpTrailerLength;
        if (length + trailerLength > MaxPacketLength)
        {
            return SrtpStatus.TooLong;
        }

        if (buffer.Length - length < trailerLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var stream = _streams.Find(ssrc);
        if (stream is null)
        {
            if (_streams.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            stream = _streams.Add(ssrc);
        }

        var index = stream.NextRtcpIndex;
        if (index > MaxRtcpIndex)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        stream.NextRtcpIndex = index + 1;
        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index);
        return SrtpStatus.Ok;
    }

    /// <summary>Releases the ciphers and clears the session keys.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transform.Dispose();
        }
    }
}
