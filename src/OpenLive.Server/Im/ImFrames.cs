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

    /// <summary>An online-only message (never stored, seq 0) as a serialized push frame.</summary>
    public static byte[] OnlineFrame(string messageId, string sender, Conversation conversation, IEnumerable<MessageElement> elements, long sentAtMs, string? clientMessageId = null)
    {
        var message = new Message
        {
            MessageId = messageId,
            Sender = sender,
            Conversation = conversation,
            SentAtMs = sentAtMs,
            OnlineOnly = true,
            ClientMessageId = clientMessageId ?? string.Empty,
        };
        message.Elements.Add(elements);
        return new ServerFrame { Message = message }.ToByteArray();
    }

    /// <summary>The message's text elements joined, or null when it has none (webhooks and the admin API show it).</summary>
    public static string? TextOf(IEnumerable<MessageElement> elements)
    {
        string? text = null;
        foreach (var element in elements)
        {
            if (element.ElementCase == MessageElement.ElementOneofCase.Text)
            {
                text += element.Text.Text;
            }
        }

        return text;
    }

    /// <summary>A new id for an online-only message.</summary>
    public static string NewOnlineMessageId() => $"o-{Guid.CreateVersion7():N}";
}
