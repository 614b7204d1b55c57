namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>
/// Test-only AV1 RTP packetizer (AOM "RTP Payload Format for AV1" §4–5), because Debian's ffmpeg 5.1 has no AV1 RTP
/// muxer: reads libaom's low-overhead OBU stream (<c>ffmpeg -c:v libaom-av1 -f obu</c>: OBUs with size fields,
/// temporal units opened by temporal delimiters), drops the delimiters, strips the size fields, and packs each temporal
/// unit's OBUs into packets of at most <c>maxPayload</c> bytes — every element with a LEB128 length (W = 0),
/// fragmenting OBUs across packets with Z/Y, N on the first packet of a unit that holds a sequence header, the marker
/// on the last.
/// </summary>
internal static class Av1TestPacketizer
{
    public static List<byte[]> Packetize(byte[] obuStream, int frameRate, int maxPayload, out int temporalUnits)
    {
        var units = SplitTemporalUnits(obuStream);
        temporalUnits = units.Count;
        var packets = new List<byte[]>();
        ushort sequence = 40_000;
        var tick = 90_000 / frameRate;
        for (var u = 0; u < units.Count; u++)
        {
            var timestamp = (uint)(1_000_000 + (u * tick));
            var keyframe = units[u].Exists(o => ((o[0] >> 3) & 0x0F) == 1);
            var payloads = PacketizeUnit(units[u], maxPayload, keyframe);
            for (var p = 0; p < payloads.Count; p++)
            {
                packets.Add(TestRtp.Packet(sequence++, timestamp, p == payloads.Count - 1, payloads[p], 45));
            }
        }

        return packets;
    }

    /// <summary>The OBUs (header + payload, size field removed) of each temporal unit.</summary>
    private static List<List<byte[]>> SplitTemporalUnits(byte[] stream)
    {
        var units = new List<List<byte[]>>();
        var position = 0;
        while (position < stream.Length)
        {
            var header = stream[position];
            var headerLength = (header & 0x04) != 0 ? 2 : 1;
            Assert.True((header & 0x02) != 0, "libaom's OBU stream carries size fields");
            var (size, sizeBytes) = ReadLeb128(stream, position + headerLength);
            var payloadStart = position + headerLength + sizeBytes;
            var type = (header >> 3) & 0x0F;
            if (type == 2)
            {
                units.Add([]);
            }
            else
            {
                var obu = new byte[headerLength + size];
                obu[0] = (byte)(header & ~0x02);
                if (headerLength == 2)
                {
                    obu[1] = stream[position + 1];
                }

                stream.AsSpan(payloadStart, size).CopyTo(obu.AsSpan(headerLength));
                units[^1].Add(obu);
            }

            position = payloadStart + size;
        }

        return units;
    }

    private static List<byte[]> PacketizeUnit(List<byte[]> obus, int maxPayload, bool keyframe)
    {
        var payloads = new List<byte[]>();
        var current = new List<byte>();
        var continuation = false;
        void Flush(bool continues)
        {
            var aggregation = (byte)((continuation ? 0x80 : 0) | (continues ? 0x40 : 0) | (keyframe && payloads.Count == 0 ? 0x08 : 0));
            payloads.Add([aggregation, .. current]);
            current.Clear();
            continuation = continues;
        }

        foreach (var obu in obus)
        {
            var offset = 0;
            while (offset < obu.Length)
            {
                // 1 aggregation byte + elements; 3 bytes of LEB128 cover any element length here.
                var room = maxPayload - 1 - current.Count - 3;
                if (room <= 0)
                {
                    Flush(continues: false);
                    continue;
                }

                var take = Math.Min(room, obu.Length - offset);
                WriteLeb128(current, take);
                current.AddRange(obu.AsSpan(offset, take));
                offset += take;
                if (offset < obu.Length)
                {
                    Flush(continues: true);
                }
            }
        }

        if (current.Count > 0)
        {
            Flush(continues: false);
        }

        return payloads;
    }

    private static (int Value, int Length) ReadLeb128(byte[] data, int at)
    {
        var value = 0;
        for (var i = 0; i < 8; i++)
        {
            var b = data[at + i];
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return (value, i + 1);
            }
        }

        throw new InvalidDataException("LEB128 longer than 8 bytes");
    }

    private static void WriteLeb128(List<byte> into, int value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            into.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
