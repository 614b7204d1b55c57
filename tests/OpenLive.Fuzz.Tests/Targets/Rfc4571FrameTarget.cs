using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Transport;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The ICE-TCP framing reader (RFC 4571) as the SFU's TCP media listener drives it: arbitrary stream bytes fed in
/// the chunks a socket would return (the input's first byte picks the chunk size), frames taken until the reader asks
/// for more or reports an error. Seeds are streams of framed STUN-, DTLS- and RTP-sized packets.
/// </summary>
internal sealed class Rfc4571FrameTarget : FuzzTarget<byte[]>
{
    public override string Name => "RFC 4571 framing";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    protected override int MaxRandomLength => 4000;

    // A reader per input, as per connection: its one buffer (1502 bytes and the array header); reading allocates
    // nothing more (Rfc4571FramingTests.ReadingAndWriting_AllocateNothing).
    protected override long AllocationBound(int inputLength) => 1600;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        var reader = new Rfc4571FrameReader(1500);
        var chunk = input.Length == 0 ? 1 : 1 + input[0];
        var offset = 0;
        while (offset < input.Length)
        {
            var free = reader.FreeSpace.Span;
            var count = Math.Min(Math.Min(chunk, free.Length), input.Length - offset);
            if (count == 0)
            {
                return;
            }

            input.AsSpan(offset, count).CopyTo(free);
            if (!reader.Commit(count))
            {
                throw new InvalidOperationException("commit of bytes that fit was refused");
            }

            offset += count;
            Rfc4571FrameStatus status;
            while ((status = reader.TryRead(out var frame)) == Rfc4571FrameStatus.Frame)
            {
                if (frame.IsEmpty || frame.Length > reader.MaxFrameLength)
                {
                    throw new InvalidOperationException($"frame of {frame.Length} bytes returned");
                }
            }

            if (status != Rfc4571FrameStatus.NeedMore)
            {
                return; // The connection would be closed here.
            }
        }
    }

    private static List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        var buffer = new byte[1502];
        var stream = new List<byte>();
        foreach (var (first, length) in new[] { (0x00, 100), (0x16, 300), (0x80, 1200), (0x80, 60) })
        {
            var packet = new byte[length];
            packet[0] = (byte)first;
            Rfc4571FrameWriter.TryWrite(packet, buffer, out var written);
            stream.AddRange(buffer.AsSpan(0, written).ToArray());
            seeds.Add([.. stream]);
        }

        return seeds;
    }
}
