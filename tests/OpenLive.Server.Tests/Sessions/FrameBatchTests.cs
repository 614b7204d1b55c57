using System.Buffers;
using Google.Protobuf;
using OpenLive.Protocol.V1;
using OpenLive.Server.Sessions;

namespace OpenLive.Server.Tests.Sessions;

public sealed class FrameBatchTests
{
    [Fact]
    public void Batch_ParsesAsAServerFrame_WithEveryFrameIntact()
    {
        var frames = new[]
        {
            new ServerFrame { Heartbeat = new HeartbeatAck { ClientTimeMs = 1 } }.ToByteArray(),
            new ServerFrame { Message = new Message { MessageId = "m", Elements = { new MessageElement { Text = new TextElement { Text = new string('x', 20_000) } } } } }.ToByteArray(),
            new ServerFrame { RequestId = 7, Ok = new Empty() }.ToByteArray(),
        };
        var writer = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            FrameBatch.Append(writer, frame);
        }

        var batch = ServerFrame.Parser.ParseFrom(writer.WrittenSpan);
        Assert.Equal(ServerFrame.BodyOneofCase.None, batch.BodyCase);
        Assert.Equal(frames.Length, batch.Batch.Count);
        for (var i = 0; i < frames.Length; i++)
        {
            Assert.Equal(frames[i], batch.Batch[i].ToByteArray());
        }

        Assert.Equal(20_000, ServerFrame.Parser.ParseFrom(batch.Batch[1]).Message.Elements[0].Text.Text.Length);
    }
}
