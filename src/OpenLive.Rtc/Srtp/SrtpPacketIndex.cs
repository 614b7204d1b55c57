namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The implicit SRTP packet index i = 2^16 * ROC + SEQ (RFC 3711 §3.3.1): guessing the ROC of an arriving sequence
/// number from the stream's current ROC and highest sequence number s_l, and moving them on afterwards.
/// </summary>
internal static class SrtpPacketIndex
{
    private const int HalfSequenceSpace = 32768;

    /// <summary>
    /// The v in { ROC-1, ROC, ROC+1 } (mod 2^32) that puts 2^16 * v + SEQ closest to 2^16 * ROC + s_l
    /// (RFC 3711 Appendix A): a small sequence number just after a high s_l has wrapped into the next ROC, and a
    /// high one just after a small s_l is a late packet from the previous ROC.
    /// </summary>
    public static uint GuessRolloverCounter(uint rolloverCounter, ushort highestSequence, ushort sequenceNumber)
    {
        if (highestSequence < HalfSequenceSpace)
        {
            return sequenceNumber - highestSequence > HalfSequenceSpace ? unchecked(rolloverCounter - 1) : rolloverCounter;
        }

        return highestSequence - HalfSequenceSpace > sequenceNumber ? unchecked(rolloverCounter + 1) : rolloverCounter;
    }

    /// <summary>The 48-bit packet index.</summary>
    public static ulong Of(uint rolloverCounter, ushort sequenceNumber) => ((ulong)rolloverCounter << 16) | sequenceNumber;
}
