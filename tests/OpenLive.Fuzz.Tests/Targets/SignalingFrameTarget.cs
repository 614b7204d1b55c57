using Google.Protobuf;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The signaling codec as the server and the SDK decode a WebSocket message: the batch frame walk
/// (<see cref="FrameBatch.Next"/>) and the protobuf decode of <see cref="ClientFrame"/> (server side),
/// <see cref="ServerFrame"/> (SDK side, each frame of a batch) and a stored <see cref="MessageBody"/>. The decode
/// is what the server does in <c>SignalingSession</c>: Google.Protobuf reports bad bytes by throwing
/// <see cref="InvalidProtocolBufferException"/>, which the session turns into a ParseFail reply; so that one
/// exception is a rejection here and any other is a crash.
/// </summary>
internal sealed class SignalingFrameTarget : FuzzTarget<byte[]>
{
    public override string Name => "Signaling frame + batch codec";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    // Decoded messages cost a bounded multiple of their bytes (strings are UTF-16, objects per field).
    protected override long AllocationBound(int inputLength) => 64 * 1024 + (64L * inputLength);

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        Decode(input, ClientFrame.Parser);
        Decode(input, MessageBody.Parser);
        if (!FrameBatch.IsBatch(input))
        {
            Decode(input, ServerFrame.Parser);
            return;
        }

        ReadOnlySpan<byte> rest = input;
        while (FrameBatch.Next(ref rest, out var frame) == BatchRead.Frame)
        {
            Decode(frame, ServerFrame.Parser);
        }
    }

    private static void Decode<T>(ReadOnlySpan<byte> bytes, MessageParser<T> parser)
        where T : IMessage<T>
    {
        try
        {
            _ = parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            // The documented rejection: the server answers ParseFail.
        }
    }

    private static List<byte[]> BuildSeeds()
    {
        var login = new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = 1400000001, UserId = "alice", UserSig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1OTOnLSwQpyEyLz8hMyk3MS8nXi0xJLAYA", ProtocolVersion = 1 } };
        var join = new ClientFrame { RequestId = 2, JoinRoom = new JoinRoom { RoomId = new RoomId { Number = 1234 } } };
        var send = new ClientFrame
        {
            RequestId = 3,
            SendMessage = new SendMessage
            {
                ClientMessageId = "c-1",
                Elements = { new MessageElement { Text = new TextElement { Text = "hello 你好" } }, new MessageElement { Custom = new CustomElement { Data = ByteString.CopyFrom(1, 2, 3), Desc = "d" } } },
            },
        };
        var heartbeat = new ClientFrame { RequestId = 4, Heartbeat = new Heartbeat() };
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var frame in new IMessage[] { new ServerFrame { RequestId = 1 }, new ServerFrame { RequestId = 2 }, new ServerFrame() })
        {
            FrameBatch.Append(writer, frame.ToByteArray());
        }

        return [login.ToByteArray(), join.ToByteArray(), send.ToByteArray(), heartbeat.ToByteArray(), writer.WrittenSpan.ToArray()];
    }
}
