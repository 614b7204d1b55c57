using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Im;

/// <summary>A message from the server: received live, delivered after login, or read from history.</summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(Message message)
    {
        MessageId = message.MessageId;
        Seq = message.Seq;
        Sender = message.Sender;
        Conversation = ConversationRef.FromWire(message.Conversation);
        Elements = message.Elements;
        SentAt = DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtMs);
        IsOnlineOnly = message.OnlineOnly;
        ClientMessageId = message.ClientMessageId;
    }

    /// <summary>The server's message id.</summary>
    public string MessageId { get; }

    /// <summary>Position in the conversation (from 1; 0 for online-only messages).</summary>
    public ulong Seq { get; }

    /// <summary>Who sent it.</summary>
    public string Sender { get; }

    /// <summary>The conversation, seen from this user: C2C with the sender, or the group.</summary>
    public ConversationRef Conversation { get; }

    /// <summary>The elements.</summary>
    public IReadOnlyList<MessageElement> Elements { get; }

    /// <summary>When the server accepted it.</summary>
    public DateTimeOffset SentAt { get; }

    /// <summary>Sent as online-only: never stored.</summary>
    public bool IsOnlineOnly { get; }

    /// <summary>The sender's client message id.</summary>
    public string ClientMessageId { get; }

    /// <summary>The text of the message's text elements, joined.</summary>
    public string Text => _text ??= JoinText(Elements);

    /// <summary>The live command in the first custom element, if it is one.</summary>
    public LiveCommand? Command
    {
        get
        {
            if (!_commandRead)
            {
                _command = FirstCommand(Elements);
                _commandRead = true;
            }

            return _command;
        }
    }

    // Derived once, on first read (a message is immutable; a race computes the same value twice at worst).
    private string? _text;
    private LiveCommand? _command;
    private bool _commandRead;

    private static string JoinText(IReadOnlyList<MessageElement> elements)
    {
        var text = string.Empty;
        foreach (var element in elements)
        {
            if (element.ElementCase == MessageElement.ElementOneofCase.Text)
            {
                text += element.Text.Text;
            }
        }

        return text;
    }

    private static LiveCommand? FirstCommand(IReadOnlyList<MessageElement> elements)
    {
        foreach (var element in elements)
        {
            if (element.ElementCase == MessageElement.ElementOneofCase.Custom)
            {
                return LiveCommand.TryParse(element.Custom.Data.Span);
            }
        }

        return null;
    }
}

/// <summary>A message arrived.</summary>
public sealed class MessageReceivedEventArgs(ReceivedMessage message) : EventArgs
{
    /// <summary>The message.</summary>
    public ReceivedMessage Message { get; } = message;
}

/// <summary>The server's answer to a send.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Seq">Its position in the conversation (0 for online-only).</param>
/// <param name="SentAt">When the server stored it.</param>
/// <param name="Duplicate">True when a retry with the same client message id found it already stored.</param>
public sealed record SentMessage(string MessageId, ulong Seq, DateTimeOffset SentAt, bool Duplicate);

/// <summary>Unread messages of a conversation.</summary>
/// <param name="Conversation">The conversation.</param>
/// <param name="Unread">Messages from others after this user's read mark.</param>
/// <param name="LastSeq">The conversation's newest sequence number.</param>
public sealed record UnreadCount(ConversationRef Conversation, ulong Unread, ulong LastSeq);
