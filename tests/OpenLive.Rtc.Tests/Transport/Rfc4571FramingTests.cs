using CsCheck;
using OpenLive.Rtc.Transport;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Transport;

public sealed class Rfc4571FramingTests
{
    [Fact]
    public void Frames_SplitAnywhere_AreReadWholeAndInOrder()
    {
        // Any packets, written framed, then fed to the reader in chunks of any sizes: the same packets come out.
        Gen.Select(Gen.Byte.Array[1, 300].List[1, 20], Gen.Int[1, 700]).Sample((packets, chunk) =>
        {
            var stream = new List<byte>();
            var scratch = new byte[2 + 300];
            foreach (var packet in packets)
            {
                Assert.True(Rfc4571FrameWriter.TryWrite(packet, scratch, out var written));
                stream.AddRange(scratch.AsSpan(0, written).ToArray());
            }

            var reader = new Rfc4571FrameReader(300);
            var read = new List<byte[]>();
            var bytes = stream.ToArray();
            var offset = 0;
            while (offset < bytes.Length)
            {
                var free = reader.FreeSpace.Span;
                var count = Math.Min(Math.Min(chunk, free.Length), bytes.Length - offset);
                bytes.AsSpan(offset, count).CopyTo(free);
                Assert.True(reader.Commit(count));
                offset += count;
                while (reader.TryRead(out var frame) == Rfc4571FrameStatus.Frame)
                {
                    read.Add(frame.ToArray());
                }
            }

            Assert.Equal(packets.Count, read.Count);
            for (var i = 0; i < packets.Count; i++)
            {
                Assert.Equal(packets[i], read[i]);
            }

            Assert.Equal(0, reader.Buffered);
        });
    }

    [Fact]
    public void ZeroLength_IsAnError_NotAnEmptyFrame()
    {
        var reader = Feed(new Rfc4571FrameReader(1500), [0, 0, 1, 2]);
        Assert.Equal(Rfc4571FrameStatus.ZeroLength, reader.TryRead(out var frame));
        Assert.True(frame.IsEmpty);
    }

    [Fact]
    public void LengthOverTheLimit_IsOversized_BeforeItsBytesArrive()
    {
        var reader = Feed(new Rfc4571FrameReader(1500), [0x05, 0xDD]); // 1501
        Assert.Equal(Rfc4571FrameStatus.Oversized, reader.TryRead(out _));
        Assert.Equal(Rfc4571FrameStatus.NeedMore, Feed(new Rfc4571FrameReader(1500), [0x05, 0xDC]).TryRead(out _)); // 1500
    }

    [Fact]
    public void PartialHeaderOrBody_NeedsMore()
    {
        Assert.Equal(Rfc4571FrameStatus.NeedMore, new Rfc4571FrameReader(10).TryRead(out _));
        Assert.Equal(Rfc4571FrameStatus.NeedMore, Feed(new Rfc4571FrameReader(10), [0]).TryRead(out _));
        Assert.Equal(Rfc4571FrameStatus.NeedMore, Feed(new Rfc4571FrameReader(10), [0, 3, 1, 2]).TryRead(out _));
    }

    [Fact]
    public void Buffer_HoldsExactlyOneMaximalFrame_AndCommitRefusesMore()
    {
        var reader = new Rfc4571FrameReader(10);
        Assert.Equal(12, reader.FreeSpace.Length);
        Assert.False(reader.Commit(13));
        Assert.False(reader.Commit(-1));
        Assert.True(reader.Commit(12));
        Assert.Equal(0, reader.FreeSpace.Length);
    }

    [Fact]
    public void Peek_SaysWhatTryReadWould_WithoutConsuming()
    {
        var reader = Feed(new Rfc4571FrameReader(10, capacity: 64), [0, 2, 7, 8, 0, 1]);
        Assert.Equal(64, reader.FreeSpace.Length + reader.Buffered);
        Assert.Equal(Rfc4571FrameStatus.Frame, reader.Peek());
        Assert.Equal(6, reader.Buffered);
        Assert.Equal(Rfc4571FrameStatus.Frame, reader.TryRead(out var frame));
        Assert.Equal([7, 8], frame.ToArray());
        Assert.Equal(Rfc4571FrameStatus.NeedMore, reader.Peek());
        Assert.Equal(2, reader.Buffered);
    }

    [Fact]
    public void Writer_RefusesEmptyTooLongOrNoRoom()
    {
        var destination = new byte[70_000];
        Assert.False(Rfc4571FrameWriter.TryWrite([], destination, out _));
        Assert.False(Rfc4571FrameWriter.TryWrite(new byte[65_536], destination, out _));
        Assert.False(Rfc4571FrameWriter.TryWrite(new byte[10], new byte[11], out _));
        Assert.True(Rfc4571FrameWriter.TryWrite(new byte[65_535], destination, out var written));
        Assert.Equal(65_537, written);
        Assert.Equal([0xFF, 0xFF], destination[..2]);
    }

    [Fact]
    public void ReadingAndWriting_AllocateNothing()
    {
        var reader = new Rfc4571FrameReader(1500);
        var packet = new byte[1200];
        var framed = new byte[1202];
        Rfc4571FrameWriter.TryWrite(packet, framed, out _);
        Assert.Equal(0, AllocationMeter.LeastAllocated(() => Cycle(reader, packet, framed)));

        static void Cycle(Rfc4571FrameReader reader, byte[] packet, byte[] framed)
        {
            Rfc4571FrameWriter.TryWrite(packet, framed, out var written);
            framed.AsSpan(0, written).CopyTo(reader.FreeSpace.Span);
            reader.Commit(written);
            reader.TryRead(out _);
        }
    }

    private static Rfc4571FrameReader Feed(Rfc4571FrameReader reader, byte[] bytes)
    {
        bytes.CopyTo(reader.FreeSpace.Span);
        Assert.True(reader.Commit(bytes.Length));
        return reader;
    }
}
