using System.Buffers;
using CsCheck;
using Google.Protobuf;
using OpenLive.Protocol.V1;

namespace OpenLive.Protocol.Tests;

public sealed class FrameBatchTests
{
    private static readonly byte[][] Frames =
    [
        new ServerFrame { Heartbeat = new HeartbeatAck { ClientTimeMs = 1 } }.ToByteArray(),
        new ServerFrame { Message = new Message { MessageId = "m", Elements = { new MessageElement { Text = new TextElement { Text = new string('x', 20_000) } } } } }.ToByteArray(),
        new ServerFrame { RequestId = 7, Ok = new Empty() }.ToByteArray(),
    ];

    [Fact]
    public void Batch_ParsesAsAServerFrame_WithEveryFrameIntact()
    {
        var batch = ServerFrame.Parser.ParseFrom(Write(Frames));
        Assert.Equal(ServerFrame.BodyOneofCase.None, batch.BodyCase);
        Assert.Equal(Frames.Length, batch.Batch.Count);
        for (var i = 0; i < Frames.Length; i++)
        {
            Assert.Equal(Frames[i], batch.Batch[i].ToByteArray());
        }

        Assert.Equal(20_000, ServerFrame.Parser.ParseFrom(batch.Batch[1]).Message.Elements[0].Text.Text.Length);
    }

    [Fact]
    public void Reader_GivesBackEveryFrame_AsSlicesOfTheBatch()
    {
        var bytes = Write(Frames);
        Assert.True(FrameBatch.IsBatch(bytes));
        Assert.Equal(Frames, ReadAll(bytes, out var status));
        Assert.Equal(BatchRead.End, status);
    }

    [Fact]
    public void OrdinaryFrames_AreNotBatches()
    {
        foreach (var frame in Frames)
        {
            Assert.False(FrameBatch.IsBatch(frame));
        }
    }

    [Fact]
    public void Reader_RoundTripsAnyFrames() =>
        Gen.Byte.Array[0, 300].Array[0, 20].Sample(frames =>
        {
            Assert.Equal(frames, ReadAll(Write(frames), out var status));
            Assert.Equal(BatchRead.End, status);
        });

    [Fact]
    public void Reader_OnACutBatch_GivesTheWholeFramesBeforeTheCut_ThenSaysMalformed() =>
        Gen.Byte.Array[1, 300].Array[1, 5].SelectMany(frames => Gen.Int[1, Write(frames).Length - 1].Select(cut => (frames, cut))).Sample(t =>
        {
            var whole = 0;
            var end = 0;
            while (whole < t.frames.Length && end + Write([t.frames[whole]]).Length <= t.cut)
            {
                end += Write([t.frames[whole++]]).Length;
            }

            var read = ReadAll(Write(t.frames).AsSpan(0, t.cut), out var status);
            Assert.Equal(t.frames[..whole], read);
            Assert.Equal(end == t.cut ? BatchRead.End : BatchRead.Malformed, status);
        });

    [Fact]
    public void Reader_NeverThrows_OnAnyBytes() =>
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var withTag = new byte[] { 0xC2, 0x0C }.Concat(bytes).ToArray();
            ReadAll(withTag, out _);
            ReadAll(bytes, out _);
        });

    [Fact]
    public void Reader_RefusesAnOverlongLength()
    {
        byte[] bytes = [0xC2, 0x0C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00];
        ReadAll(bytes, out var status);
        Assert.Equal(BatchRead.Malformed, status);
    }

    private static byte[] Write(IEnumerable<byte[]> frames)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            FrameBatch.Append(writer, frame);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static List<byte[]> ReadAll(ReadOnlySpan<byte> bytes, out BatchRead status)
    {
        var frames = new List<byte[]>();
        while ((status = FrameBatch.Next(ref bytes, out var frame)) == BatchRead.Frame)
        {
            frames.Add(frame.ToArray());
        }

        return frames;
    }
}
