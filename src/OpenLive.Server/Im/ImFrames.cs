using Google.Protobuf;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

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

    /// <summary>A stored C2C message for its receiver's session, at <paramref name="inboxSeq"/> in the receiver's inbox.</summary>
    public static ChatMessage StoredChat(StoredMessage stored, ulong inboxSeq) =>
        new(stored.MessageId, stored.Seq, stored.Sender, stored.SentAtMs, stored.ClientMessageId ?? string.Empty, inboxSeq, OnlineOnly: false, stored.Body);

    /// <summary>An online-only C2C message (never stored, seq 0) for its receiver's session.</summary>
    public static ChatMessage OnlineChat(string messageId, string sender, IEnumerable<MessageElement> elements, long sentAtMs, string? clientMessageId = null)
    {
        var body = new MessageBody();
        body.Elements.Add(elements);
        return new ChatMessage(messageId, 0, sender, sentAtMs, clientMessageId ?? string.Empty, 0, OnlineOnly: true, body.ToByteArray());
    }

    /// <summary>A C2C message as its receiver gets it: the conversation is the sender.</summary>
    public static Message ToWire(ChatMessage chat)
    {
        var message = new Message
        {
            MessageId = chat.MessageId,
            Seq = chat.Seq,
            Sender = chat.Sender,
            Conversation = new Conversation { UserId = chat.Sender },
            SentAtMs = chat.SentAtMs,
            OnlineOnly = chat.OnlineOnly,
            ClientMessageId = chat.ClientMessageId,
            InboxSeq = chat.InboxSeq,
            ServerCommand = chat.ServerCommand,
        };
        message.Elements.Add(MessageBody.Parser.ParseFrom(chat.Body).Elements);
        return message;
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
