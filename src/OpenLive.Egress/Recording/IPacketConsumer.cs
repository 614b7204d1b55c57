namespace OpenLive.Egress.Recording;

/// <summary>Takes the packets a <see cref="PacketRing"/> hands out, in the order they were written.</summary>
public interface IPacketConsumer
{
    /// <summary>One packet; <paramref name="packet"/> is only valid during the call (its slot is reused after).</summary>
    void OnPacket(ReadOnlySpan<byte> packet);
}
