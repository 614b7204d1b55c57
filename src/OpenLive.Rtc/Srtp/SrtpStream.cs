namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The per-SSRC part of an SRTP cryptographic context (RFC 3711 §3.2.1, §3.2.3): rollover counter, highest
/// sequence number, replay lists and the SRTCP index. One is allocated when an SSRC's first packet is accepted;
/// everything after that updates it in place.
/// </summary>
internal sealed class SrtpStream(uint ssrc)
{
    /// <summary>The synchronization source this state belongs to.</summary>
    public uint Ssrc { get; } = ssrc;

    /// <summary>True once an RTP packet of this SSRC was accepted (the state may start with an RTCP packet).</summary>
    public bool RtpStarted { get; private set; }

    /// <summary>ROC: how many times this stream's RTP sequence number has wrapped.</summary>
    public uint RolloverCounter { get; private set; }

    /// <summary>s_l: the highest sequence number seen in the current ROC.</summary>
    public ushort HighestSequence { get; private set; }

    /// <summary>Sender only: the SRTCP index the next RTCP packet gets (RFC 3711 §3.4: starts at zero).</summary>
    public uint NextRtcpIndex { get; set; }

    /// <summary>Receiver only: SRTP replay list over packet indices.</summary>
    public ReplayWindow RtpReplay;

    /// <summary>Receiver only: SRTCP replay list over SRTCP indices, separate from SRTP's (RFC 3711 §3.4).</summary>
    public ReplayWindow RtcpReplay;

    /// <summary>Starts the RTP index at the first accepted packet: ROC 0 and s_l = SEQ (RFC 3711 §3.3.1).</summary>
    public void StartRtp(ushort sequenceNumber)
    {
        RtpStarted = true;
        RolloverCounter = 0;
        HighestSequence = sequenceNumber;
    }

    /// <summary>Back to the state before the first packet, keeping the SSRC and the SRTCP send index.</summary>
    public void ForgetReceived()
    {
        RtpStarted = false;
        RolloverCounter = 0;
        HighestSequence = 0;
        RtpReplay = default;
        RtcpReplay = default;
    }

    /// <summary>Moves ROC and s_l on after a packet with guessed ROC <paramref name="guessedRoc"/> was accepted (RFC 3711 §3.3.1).</summary>
    public void Advance(uint guessedRoc, ushort sequenceNumber)
    {
        if (guessedRoc == RolloverCounter)
        {
            if (sequenceNumber > HighestSequence)
            {
                HighestSequence = sequenceNumber;
            }
        }
        else if (guessedRoc == unchecked(RolloverCounter + 1))
        {
            RolloverCounter = guessedRoc;
            HighestSequence = sequenceNumber;
        }

        // guessedRoc == ROC - 1: a late packet from before the wrap moves nothing.
    }
}
