namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// How an endpoint resends one packet a <see cref="NackResponder"/> was asked for: the client from its own send
/// history, the SFU by mapping a subscriber's sequence number back to the publisher's packet. Implemented by a struct
/// so answering a NACK allocates nothing.
/// </summary>
public interface IRetransmitter
{
    /// <summary>
    /// Resends the packet sent as <paramref name="sequenceNumber"/> if it is still kept and <paramref name="budget"/>
    /// has room for it: the implementation calls <see cref="RetransmissionBudget.TryTake"/> with the length that goes on
    /// the wire right before sending (only what goes out spends the budget). False when nothing was sent.
    /// </summary>
    bool TryRetransmit(ushort sequenceNumber, RetransmissionBudget budget);
}
