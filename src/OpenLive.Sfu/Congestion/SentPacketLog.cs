namespace OpenLive.Sfu.Congestion;

/// <summary>One packet sent to a subscriber, as its transport-wide CC feedback is matched against.</summary>
/// <param name="SentAt">When it left (media clock ticks).</param>
/// <param name="Size">Its size on the wire before SRTP, bytes.</param>
/// <param name="Cluster">The probe cluster it belongs to; 0 outside a probe.</param>
internal readonly record struct SentPacket(long SentAt, int Size, int Cluster);

/// <summary>
/// The packets recently sent on a subscriber connection, by transport-wide sequence number, so that its feedback (which
/// names only sequence numbers and arrival times) can be paired with send times and sizes. A ring: a packet is kept until
/// <see cref="Capacity"/> later ones overwrite it — about 4 s of a 2.5 Mbit/s video and its audio, while feedback comes
/// every 50–100 ms. 32 KiB per subscriber; nothing allocated after construction.
/// </summary>
internal sealed class SentPacketLog
{
    public const int Capacity = 2048;

    private readonly long[] _sentAt = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private readonly int[] _sequence = new int[Capacity];
    private readonly int[] _cluster = new int[Capacity];

    public SentPacketLog() => _sequence.AsSpan().Fill(-1);

    public void Record(ushort sequenceNumber, int size, long sentAt, int cluster)
    {
        var slot = sequenceNumber % Capacity;
        _sequence[slot] = sequenceNumber;
        _sentAt[slot] = sentAt;
        _size[slot] = size;
        _cluster[slot] = cluster;
    }

    /// <summary>The packet sent under <paramref name="sequenceNumber"/>, if it is still kept.</summary>
    public bool TryGet(ushort sequenceNumber, out SentPacket packet)
    {
        var slot = sequenceNumber % Capacity;
        if (_sequence[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = new SentPacket(_sentAt[slot], _size[slot], _cluster[slot]);
        return true;
    }
}
