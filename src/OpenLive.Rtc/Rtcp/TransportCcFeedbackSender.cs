using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01): every received
/// packet's transport-wide sequence number and arrival go to a <see cref="TransportCcRecorder"/>, and every
/// <see cref="Interval"/> (<see cref="DefaultInterval"/> unless the owner sets it) the feedback goes back so the sender's congestion control (a browser's GCC, the SFU's
/// estimator) can size its rate. The SFU (towards publishers) and the client peer (towards the SFU) use it alike.
/// </summary>
/// <remarks>Not thread-safe: the transport's receive thread calls it. Allocates nothing.</remarks>
public sealed class TransportCcFeedbackSender
{
    /// <summary>How often feedback goes out by default: 50 ms, within libwebrtc's 50–100 ms.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Feedback packets per round at most: one covers hundreds of packets, and the next round comes soon.</summary>
    public const int MaxPacketsPerRound = 4;

    private readonly TransportCcRecorder _recorder;
    private readonly RtcpReportScheduler _schedule;

    /// <summary>Creates a sender whose feedback comes from <paramref name="senderSsrc"/>, every <paramref name="interval"/> (default <see cref="DefaultInterval"/>).</summary>
    public TransportCcFeedbackSender(uint senderSsrc, TimeSpan? interval = null)
    {
        _recorder = new TransportCcRecorder(senderSsrc);
        _schedule = new RtcpReportScheduler(interval ?? DefaultInterval);
    }

    /// <summary>How often feedback goes out.</summary>
    public TimeSpan Interval => _schedule.Interval;

    /// <summary>Records a packet's transport-wide sequence number (header extension <paramref name="extensionId"/>; 0 when not negotiated) and arrival.</summary>
    public void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header, int extensionId, TimeSpan arrival)
    {
        if (extensionId != 0 && TransportWideSequence.TryRead(packet, header, extensionId, out var sequence))
        {
            _recorder.Record(sequence, arrival);
        }
    }

    /// <summary>Sends the feedback due at <paramref name="now"/>, naming <paramref name="mediaSsrc"/> as the media source (any of the sender's streams).</summary>
    public void Tick(TimeSpan now, uint mediaSsrc, IRtcpFeedbackChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!_schedule.TryTakeDue(now))
        {
            return;
        }

        for (var packets = 0; packets < MaxPacketsPerRound && _recorder.HasPendingFeedback; packets++)
        {
            if (!_recorder.TryWriteFeedback(channel.BeginFeedback(), mediaSsrc, out var written) || !channel.SendFeedback(written))
            {
                return;
            }
        }
    }
}
