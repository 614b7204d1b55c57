using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Sfu.Transports;

/// <summary>
/// A connected transport never stays quiet for long: after <see cref="KeepaliveInterval"/> without sending anything it
/// sends an empty receiver report (RFC 3550 §6.4.2: "an empty RR packet (RC = 0) MUST be put at the head of a compound
/// RTCP packet" when there is nothing to report).
/// </summary>
/// <remarks>
/// Why: a browser cannot send its own liveness checks, so the browser SDK tells a dead media path from a quiet one by the
/// time of the last packet it received on the selected candidate pair (<c>lastPacketReceivedTimestamp</c> in
/// <c>getStats()</c>). A viewer whose host is muted, or a publisher that receives no feedback, would otherwise look dead.
/// A connection carrying media never needs one; the packet path pays one increment per packet sent, no clock read.
/// </remarks>
internal sealed partial class WebRtcTransport
{
    /// <summary>The longest a connected transport stays silent.</summary>
    public static readonly TimeSpan KeepaliveInterval = TimeSpan.FromMilliseconds(500);

    private const int EmptyReceiverReportLength = 8;

    private readonly byte[] _keepalive = new byte[EmptyReceiverReportLength + SrtpSender.MaxRtcpOverhead];
    private readonly uint _keepaliveSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private long _sentPackets;
    private long _sentAtLastLook = -1;
    private long _quietSince;

    /// <summary>Sends an empty receiver report when nothing was sent for <see cref="KeepaliveInterval"/>. Media thread.</summary>
    private void SendKeepaliveIfQuiet(long now)
    {
        if (State != TransportState.Connected)
        {
            return;
        }

        if (_sentPackets != _sentAtLastLook)
        {
            _sentAtLastLook = _sentPackets;
            _quietSince = now;
            return;
        }

        if (Time.GetElapsedTime(_quietSince, now) < KeepaliveInterval)
        {
            return;
        }

        if (ReceiverReport.TryWrite(_keepalive, _keepaliveSsrc, [], out var written))
        {
            SendRtcp(_keepalive, written);
        }

        // Counted as sent or not (no selected path yet): the next one is due an interval from now either way.
        _sentAtLastLook = _sentPackets;
        _quietSince = now;
    }
}
