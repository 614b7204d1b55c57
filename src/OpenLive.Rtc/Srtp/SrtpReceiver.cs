using System.Buffers.Binary;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The receiving half of an SRTP session: verifies and decrypts incoming SRTP and SRTCP in place with the peer's
/// keys (the <c>Remote</c> half of <see cref="SrtpKeyingMaterial"/>), per RFC 3711 and RFC 7714.
/// </summary>
/// <remarks>
/// <para>
/// Bad packets (short, malformed, forged, replayed) come back as a <see cref="SrtpStatus"/>, never as an exception.
/// Replay and rollover state move only after a packet authenticates, and an SSRC gets state only then, so forged
/// packets change nothing. Per SSRC: ROC and highest sequence number (index guessed per RFC 3711 Appendix A, which
/// follows a wrap and places late packets from the previous ROC), and 1,024-packet replay windows for SRTP and
/// SRTCP (see <c>ReplayWindow</c> for why 1,024).
/// </para>
/// <para>
/// A stream's index starts at its first authenticated packet with ROC 0, as RFC 3711 §3.3.1 has it for a session's
/// start; joining a stream whose ROC is already past 0 needs that ROC signalled, which DTLS-SRTP never does.
/// </para>
/// <para>
/// Not thread-safe: one instance is used by one thread at a time. Unprotecting allocates nothing, except once for the
/// first packet of each SSRC (and a GCM tag mismatch, which the BCL reports by an exception caught inside); at most
/// <c>maxSsrcs</c> SSRCs are tracked.
/// </para>
/// </remarks>
public sealed class SrtpReceiver : IDisposable
{
    private const uint IndexMask = 0x7FFF_FFFF;

    private readonly SrtpTransform _transform;
    private readonly SrtpStreamTable _streams;
    private bool _disposed;

    /// <summary>Derives the receiving session keys from the remote master key and salt.</summary>
    /// <param name="keyingMaterial">The keys DTLS-SRTP exported; the remote half is used.</param>
    /// <param name="maxSsrcs">How many SSRCs this session tracks before refusing new ones.</param>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    public SrtpReceiver(SrtpKeyingMaterial keyingMaterial, int maxSsrcs = SrtpSender.DefaultMaxSsrcs)
    {
        ArgumentNullException.ThrowIfNull(keyingMaterial);
        _streams = new SrtpStreamTable(maxSsrcs);
        _transform = SrtpTransform.Create(keyingMaterial.Profile, keyingMaterial.RemoteMasterKey, keyingMaterial.RemoteMasterSalt);
        Profile = keyingMaterial.Profile;
    }

    /// <summary>The protection profile in use.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="UnprotectRtp"/> removes from a packet (the tag).</summary>
    public int RtpOverhead => _transform.RtpTagLength;

    /// <summary>Bytes <see cref="UnprotectRtcp"/> removes from a packet (SRTCP index and tag).</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>SSRCs this session keeps state for.</summary>
    public int SsrcCount => _streams.Count;

    /// <summary>
    /// Verifies the SRTP packet in <c>buffer[..length]</c>, checks it against the replay window and decrypts it in
    /// place; the RTP packet is then <c>buffer[..plainLength]</c>.
    /// </summary>
    /// <param name="buffer">Holds the packet at its start.</param>
    /// <param name="length">Bytes of SRTP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="plainLength">The RTP packet's length when the status is <see cref="SrtpStatus.Ok"/>, else 0.</param>
    /// <returns><see cref="SrtpStatus.Ok"/> or why the packet must be dropped.</returns>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        if (length > SrtpSender.MaxPacketLength)
        {
            return SrtpStatus.TooLong;
        }

        var tagLength = _transform.RtpTagLength;
        if (length < SrtpHeaderReader.RtpFixedHeaderLength + tagLength)
        {
            return SrtpStatus.TooShort;
        }

        if (!SrtpHeaderReader.TryReadRtp(buffer[..(length - tagLength)], out var headerLength, out var sequenceNumber, out var ssrc))
        {
            return SrtpStatus.Malformed;
        }

        var stream = _streams.Find(ssrc);
        if (stream is null && _streams.IsFull)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        uint rolloverCounter = 0;
        if (stream is { RtpStarted: true })
        {
            rolloverCounter = SrtpPacketIndex.GuessRolloverCounter(stream.RolloverCounter, stream.HighestSequence, sequenceNumber);
            if (rolloverCounter == 0 && stream.RolloverCounter == uint.MaxValue)
            {
                return SrtpStatus.KeyLifetimeExceeded;
            }

            if (stream.RtpReplay.IsReplayed(SrtpPacketIndex.Of(rolloverCounter, sequenceNumber)))
            {
                return SrtpStatus.Replayed;
            }
        }

        if (!_transform.UnprotectRtp(buffer, headerLength, length, ssrc, rolloverCounter, sequenceNumber))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        stream ??= _streams.Add(ssrc);
        if (stream.RtpStarted)
        {
            stream.Advance(rolloverCounter, sequenceNumber);
        }
        else
        {
            stream.StartRtp(sequenceNumber);
        }

        stream.RtpReplay.Accept(SrtpPacketIndex.Of(rolloverCounter, sequenceNumber));
        plainLength = length - tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies the SRTCP packet in <c>buffer[..length]</c>, checks its SRTCP index against the replay window and,
    /// if its E flag is set, decrypts it in place; the RTCP packet is then <c>buffer[..plainLength]</c>.
    /// </summary>
    /// <param name="buffer">Holds the packet at its start.</param>
    /// <param name="length">Bytes of SRTCP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="plainLength">The RTCP packet's length when the status is <see cref="SrtpStatus.Ok"/>, else 0.</param>
    /// <returns><see cref="SrtpStatus.Ok"/> or why the packet must be dropped.</returns>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        if (length > SrtpSender.MaxPacketLength)
        {
            return SrtpStatus.TooLong;
        }

        var trailerLength = _transform.RtcpTrailerLength;
        if (length < SrtpHeaderReader.RtcpHeaderLength + trailerLength)
        {
            return SrtpStatus.TooShort;
        }

        if (!SrtpHeaderReader.TryReadRtcp(buffer[..length], out var ssrc))
        {
            return SrtpStatus.Malformed;
        }

        var esrtcpWord = BinaryPrimitives.ReadUInt32BigEndian(buffer[(length - _transform.EsrtcpWordOffsetFromEnd)..]);
        var index = esrtcpWord & IndexMask;
        var stream = _streams.Find(ssrc);
        if (stream is null && _streams.IsFull)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        if (stream is not null && stream.RtcpReplay.IsReplayed(index))
        {
            return SrtpStatus.Replayed;
        }

        if (!_transform.UnprotectRtcp(buffer, length, ssrc, esrtcpWord))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        stream ??= _streams.Add(ssrc);
        stream.RtcpReplay.Accept(index);
        plainLength = length - trailerLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Forgets every SSRC's rollover and replay state without freeing it, so the same run of protected packets is
    /// accepted again. Benchmarks only: a live session doing this would accept replays.
    /// </summary>
    internal void ForgetReplayHistory() => _streams.ForgetReceived();

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
