using CsCheck;

namespace OpenLive.Fuzz.Tests.Engine;

/// <summary>
/// The inputs a campaign feeds a parser: a mix of pure random bytes (what a port scanner or a confused peer sends)
/// and structure-aware mutations of valid seeds written by the project's own writers (what a hostile peer that
/// knows the format sends: a flipped bit, a length field set to 0 or 0xFFFF, bytes inserted, a chunk deleted, the
/// datagram cut short). Mutations stack (1 to 8 per input), so a seed can drift far from valid while keeping most
/// of its framing, which is where length-checking bugs hide.
/// </summary>
internal sealed class FuzzInputGen(IReadOnlyList<byte[]> seeds, int maxRandomLength) : Gen<byte[]>
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x1F, 0x20, 0x3F, 0x40, 0x7E, 0x7F, 0x80, 0x81, 0xC0, 0xFE, 0xFF];
    private static readonly ushort[] InterestingLengths = [0, 1, 2, 3, 4, 7, 8, 12, 16, 20, 0x7F, 0x80, 0xFF, 0x100, 0x3FF, 0x400, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    public override byte[] Generate(PCG pcg, Size? min, out Size size)
    {
        size = new Size(0);
        // One input in five is noise; the rest start from a seed, since random bytes rarely pass the first check.
        return pcg.Next(5) == 0 || seeds.Count == 0 ? RandomBytes(pcg) : Mutate(pcg, seeds[(int)pcg.Next((uint)seeds.Count)]);
    }

    private byte[] RandomBytes(PCG pcg)
    {
        // Short inputs are the interesting ones for header checks, so lengths favour the low end.
        var length = pcg.Next(3) == 0 ? (int)pcg.Next(32) : (int)pcg.Next((uint)maxRandomLength + 1);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)pcg.Next(256);
        }

        return bytes;
    }

    private static byte[] Mutate(PCG pcg, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var count = 1 + (int)pcg.Next(8);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(pcg, bytes);
        }

        return [.. bytes];
    }

    private static void MutateOnce(PCG pcg, List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : (int)pcg.Next((uint)bytes.Count);
        switch (pcg.Next(10))
        {
            case 0 when bytes.Count > 0: // flip one bit
                bytes[at] ^= (byte)(1 << (int)pcg.Next(8));
                break;
            case 1 when bytes.Count > 0: // a random byte
                bytes[at] = (byte)pcg.Next(256);
                break;
            case 2 when bytes.Count > 0: // a boundary byte (counts, flags, version bits)
                bytes[at] = InterestingBytes[pcg.Next((uint)InterestingBytes.Length)];
                break;
            case 3 when bytes.Count > 1: // a 16-bit length field set to a boundary value, big-endian as on the wire
                var value = InterestingLengths[pcg.Next((uint)InterestingLengths.Length)];
                var field = Math.Min(at & ~1, bytes.Count - 2);
                bytes[field] = (byte)(value >> 8);
                bytes[field + 1] = (byte)value;
                break;
            case 4: // insert random bytes
                var insert = 1 + (int)pcg.Next(16);
                for (var k = 0; k < insert; k++)
                {
                    bytes.Insert(at, (byte)pcg.Next(256));
                }

                break;
            case 5 when bytes.Count > 0: // delete a run
                bytes.RemoveRange(at, Math.Min(1 + (int)pcg.Next(16), bytes.Count - at));
                break;
            case 6 when bytes.Count > 0: // truncate
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 7 when bytes.Count > 0: // duplicate a chunk (repeated attributes, packets, lines)
                var length = Math.Min(1 + (int)pcg.Next(64), bytes.Count - at);
                var chunk = bytes.GetRange(at, length);
                bytes.InsertRange((int)pcg.Next((uint)bytes.Count + 1), chunk);
                break;
            case 8 when bytes.Count > 3: // add or subtract a little to a byte (off-by-one lengths and counts)
                bytes[at] = (byte)(bytes[at] + (int)pcg.Next(9) - 4);
                break;
            default: // append a random tail
                var tail = 1 + (int)pcg.Next(32);
                for (var k = 0; k < tail; k++)
                {
                    bytes.Add((byte)pcg.Next(256));
                }

                break;
        }
    }
}
