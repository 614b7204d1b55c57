using Google.Protobuf;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Im;

/// <summary>Stored messages on the wire: the session and the admin API deliver the same frames.</summary>
internal static class ImFrames
{
    public static byte[] MessageFrame(StoredMessage stored, Conversation conversation, ulong inboxSeq) =>
        new ServerFrame { Message = ToWire(stored, conversation, inboxSeq) }.ToByteArray();

    public static Message ToWire(StoredMessage stored, Conversation conversation, ulong inboxSeq)
    {
        var message = new Message
        {
            MessageId = stored.MessageId,
            Seq = stored.Seq,
            Sender = stored.Sender,
            Conversation = conversation,
            SentAtMs = stored.SentAtMs,
            ClientMessageId = stored.ClientMessageId ?? string.Empty,
            InboxSeq = inboxSeq,
        };
        message.Elements.Add(MessageBody.Parser.ParseFrom(stored.Body).Elements);
        return message;
    }
}
