namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// How an endpoint resends one packet a <see cref="NackResponder"/> was asked for: the client from its own send
/// history, the SFU by mapping a subscriber's sequence number back to the publisher's packet. Implemented by a struct
/// so answering a NACK allocates nothing.
/// </summary>
public interface IRetransmitter
{
    /// <summary>Resends the packet sent as <paramref name="sequenceNumber"/>; false when it is no longer kept or could not be sent.</summary>
    bool TryRetransmit(ushort sequenceNumber);
}
