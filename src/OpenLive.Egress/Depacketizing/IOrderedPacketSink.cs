namespace OpenLive.Egress.Depacketizing;

/// <summary>Receives the packets of a <see cref="RtpReorderBuffer"/> in sequence order.</summary>
internal interface IOrderedPacketSink
{
    /// <summary>
    /// The next packet in sequence order; <paramref name="lossBefore"/> says that one or more packets just before it
    /// were given up as lost.
    /// </summary>
    void OnOrderedPacket(ReadOnlySpan<byte> packet, bool lossBefore);
}
