namespace OpenLive.Sfu;

/// <summary>
/// Receives one published track as the SFU receives it, for egress (recording, live HLS, RTMP push): the plain RTP of
/// the track's top simulcast layer, retransmissions included (restored to the original SSRC and sequence numbers), and
/// the publisher's sender reports for that stream. Set up with <see cref="MediaRoom.Tap"/>.
/// </summary>
/// <remarks>
/// Every call comes from the media thread, in order: <see cref="OnTrackAttached"/> before the first packet of a track,
/// <see cref="OnTrackDetached"/> when that track ends (the publisher unpublished or lost its connection; a later
/// attach follows if the member publishes that source again, e.g. after a reconnect), and <see cref="OnClosed"/> once at
/// the end. A sink must not block or allocate per packet: it copies what it keeps and returns (the same thread
/// forwards every other packet of the node).
/// </remarks>
public interface ITrackTapSink
{
    /// <summary>A track now feeds this tap; packets of it follow.</summary>
    void OnTrackAttached(TappedTrack track);

    /// <summary>One RTP packet (header and payload, decrypted). Valid only during the call.</summary>
    void OnRtp(ReadOnlySpan<byte> packet);

    /// <summary>The publisher's sender report for the tapped stream: its RTP timestamp at NTP time <paramref name="ntpTimestamp"/>.</summary>
    void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp);

    /// <summary>The attached track ended; no packets follow until another <see cref="OnTrackAttached"/>.</summary>
    void OnTrackDetached();

    /// <summary>The tap ended: disposed, or the room closed. Nothing follows.</summary>
    void OnClosed();
}
