using System.Security.Cryptography;
using System.Text;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// One RTP stream we send: a transceiver's only stream or one simulcast layer, with its RTX stream. Sequence
/// numbers, the send history and the sender-report counters change under the connection's send lock; the
/// feedback counters on the receive thread. Statistics are read from any thread.
/// </summary>
internal sealed class SendStream
{
    public SendStream(string? rid, bool keepsHistory, int historyPackets, RetransmissionBudget retransmissionBudget)
    {
        Nacks = new NackResponder(retransmissionBudget);
        Ssrc = RandomSsrc();
        RtxSsrc = RandomSsrc();
        Rid = rid;
        RidBytes = rid is null ? [] : Encoding.ASCII.GetBytes(rid);
        History = keepsHistory && historyPackets > 0 ? new RtpSendHistory(historyPackets) : null;
        NextSequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        NextRtxSequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
    }

    public uint Ssrc { get; }

    public uint RtxSsrc { get; }

    /// <summary>The simulcast rid; null without simulcast.</summary>
    public string? Rid { get; }

    public byte[] RidBytes { get; }

    /// <summary>Plain copies of sent packets for NACKs; null for audio (not retransmitted).</summary>
    public RtpSendHistory? History { get; }

    public ushort NextSequence { get; set; }

    public ushort NextRtxSequence { get; set; }

    // Sender report state (RFC 3550 §6.4.1), send lock.
    public bool HasSent { get; set; }

    public uint LastRtpTimestamp { get; set; }

    public long LastSendTimestamp { get; set; }

    public int ClockRate { get; set; } = 90000;

    public long PacketsSent;
    public long PayloadBytesSent;

    /// <summary>
    /// Answers the peer's NACKs for this stream from <see cref="History"/> and counts them (NACKs received, packets
    /// resent), within the connection's retransmission budget (shared by all its send streams).
    /// </summary>
    public NackResponder Nacks { get; }

    public long PlisReceived;
    public long FirsReceived;
    public long RoundTripTicks = -1;
    public int RemoteFractionLost;
    public long RemoteCumulativeLost;

    /// <summary>The last FIR command sequence number seen per requester is not tracked; one is enough for a client.</summary>
    public int LastFirSequence = -1;

    /// <summary>A random SSRC, never 0 (some stacks treat 0 as "unset").</summary>
    public static uint RandomSsrc()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint ssrc;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            ssrc = BitConverter.ToUInt32(bytes);
        }
        while (ssrc == 0);
        return ssrc;
    }
}
