using System.Buffers.Binary;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>RTP packets built and rewritten for tests.</summary>
internal static class TestRtp
{
    public static byte[] Packet(ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload, byte payloadType = 96, uint ssrc = 0x1234_5678)
    {
        var buffer = new byte[RtpHeader.FixedLength + payload.Length + 64];
        var writer = new RtpPacketWriter(buffer, payloadType, sequence, timestamp, ssrc, marker);
        Assert.True(writer.TryFinish(payload, 0, out var length));
        return buffer[..length];
    }

    public static ushort SequenceOf(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));

    public static uint TimestampOf(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));

    /// <summary>A copy of <paramref name="packet"/> with another sequence number and timestamp (splicing two captures into one stream).</summary>
    public static byte[] Rewrite(byte[] packet, ushort sequence, uint timestamp)
    {
        var copy = (byte[])packet.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(4), timestamp);
        return copy;
    }

    /// <summary>
    /// Packets as a lossy, reordering network delivers them (seeded): each packet dropped with <paramref name="dropRate"/>;
    /// half the drops come back <paramref name="retransmitDelay"/> packets later (a NACK-filled retransmission), the
    /// rest are lost; and neighbours within <paramref name="reorderSpan"/> are shuffled.
    /// </summary>
    public static List<byte[]> Impair(IReadOnlyList<byte[]> packets, int seed, double dropRate, int retransmitDelay, int reorderSpan, out int lost)
    {
        var random = new Random(seed);
        var output = new List<byte[]>();
        var retransmits = new SortedList<int, List<byte[]>>();
        lost = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            if (retransmits.Remove(i, out var due))
            {
                output.AddRange(due);
            }

            if (random.NextDouble() < dropRate)
            {
                if (random.Next(2) == 0)
                {
                    var at = i + retransmitDelay;
                    if (!retransmits.TryGetValue(at, out var list))
                    {
                        retransmits[at] = list = [];
                    }

                    list.Add(packets[i]);
                }
                else
                {
                    lost++;
                }

                continue;
            }

            output.Add(packets[i]);
        }

        foreach (var rest in retransmits.Values)
        {
            output.AddRange(rest);
        }

        for (var i = 0; i + 1 < output.Count; i++)
        {
            var j = Math.Min(output.Count - 1, i + random.Next(reorderSpan + 1));
            (output[i], output[j]) = (output[j], output[i]);
        }

        return output;
    }
}
