using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Srtp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Transport-wide congestion control feedback to a publisher (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// every packet's transport-wide sequence number and arrival go to the shared <see cref="TransportCcRecorder"/>, and
/// every 50 ms the feedback goes back, so the publisher's congestion control (the browser's GCC) can size its send
/// rate and simulcast layers. Media thread only.
/// </summary>
internal sealed class TransportCcFeedbackSender(WebRtcTransport transport, uint senderSsrc)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Feedback packets per round at most: one covers hundreds of packets, and the next round comes soon.</summary>
    private const int MaxPacketsPerRound = 4;

    /// <summary>Feedback stays within 1200 bytes once protected, like every RTCP packet the SFU sends.</summary>
    private const int MaxFeedbackLength = 1200 - SrtpSender.MaxRtcpOverhead;

    private readonly byte[] _rtcp = new byte[1500];
    private readonly TransportCcRecorder _recorder = new(senderSsrc);
    private readonly RtcpReportScheduler _schedule = new(Interval);

    /// <summary>Records a packet's transport-wide sequence number (extension <paramref name="extensionId"/>, 0 when not negotiated).</summary>
    public void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header, int extensionId, TimeSpan at)
    {
        if (extensionId != 0 && TransportWideSequence.TryRead(packet, header, extensionId, out var sequence))
        {
            _recorder.Record(sequence, at);
        }
    }

    /// <summary>Sends the feedback due at <paramref name="at"/>, naming <paramref name="mediaSsrc"/> as the media source (any of the publisher's).</summary>
    public void Tick(TimeSpan at, uint mediaSsrc)
    {
        if (!_schedule.TryTakeDue(at))
        {
            return;
        }

        for (var packets = 0; packets < MaxPacketsPerRound && _recorder.TryWriteFeedback(_rtcp.AsSpan(0, MaxFeedbackLength), mediaSsrc, out var written); packets++)
        {
            transport.SendRtcp(_rtcp, written);
        }
    }
}
