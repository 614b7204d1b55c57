using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Im;

namespace OpenLive.Sdk;

/// <summary>
/// IM: C2C and room-group messages (stored, or online-only), history, unread counts. Received C2C messages are
/// acknowledged to the server after <see cref="MessageReceived"/> has run, so a message that arrived while offline is
/// delivered again at the next login until then; duplicates from such redelivery are filtered here.
/// </summary>
public sealed partial class LiveClient
{
    private const int RecentIdCapacity = 4096;
    private readonly HashSet<string> _recentIds = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly Lock _recentGate = new();

    /// <summary>A message arrived (C2C or the current room's group; live or delivered after login).</summary>
    public event EventHandler<MessageReceivedEventArgs>? MessageReceived;

    /// <summary>Sends a stored C2C message; answered after the server committed it.</summary>
    /// <exception cref="LiveException">8022 unknown receiver; 8021 empty or oversized message; 8011 sending too fast; 8009 not logged in.</exception>
    public Task<SentMessage> SendC2CMessageAsync(string userId, LiveMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(ConversationRef.WithUser(userId ?? throw new LiveException(ILiveErrorCode.NullPointer, "userId is null")), message, onlineOnly: false, cancellationToken);

    /// <summary>Sends a C2C message only to a connected receiver, never stored (iLiveSDK's sendOnlineC2CMessage).</summary>
    public Task<SentMessage> SendOnlineC2CMessageAsync(string userId, LiveMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(ConversationRef.WithUser(userId ?? throw new LiveException(ILiveErrorCode.NullPointer, "userId is null")), message, onlineOnly: true, cancellationToken);

    /// <summary>Sends a stored message to the current room's group.</summary>
    /// <exception cref="LiveException">8003 not in a room; 10006 not a member.</exception>
    public Task<SentMessage> SendGroupMessageAsync(LiveMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(CurrentGroup(), message, onlineOnly: false, cancellationToken);

    /// <summary>Sends a message to the current room's connected members only, never stored (likes, live commands).</summary>
    public Task<SentMessage> SendOnlineGroupMessageAsync(LiveMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(CurrentGroup(), message, onlineOnly: true, cancellationToken);

    /// <summary>History, newest first: up to <paramref name="count"/> messages before <paramref name="beforeSeq"/> (0 = newest).</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> GetMessagesAsync(ConversationRef conversation, int count = 20, ulong beforeSeq = 0, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        if (count is < 1 or > 100)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "count must be 1 to 100");
        }

        var reply = await RequireImConnection().RequestAsync(
            new ClientFrame { GetMessages = new GetMessages { Conversation = conversation.ToWire(), Count = (uint)count, BeforeSeq = beforeSeq } },
            _options.RequestTimeout,
            cancellationToken).ConfigureAwait(false);
        return [.. reply.Messages.Messages.Select(m => new ReceivedMessage(m))];
    }

    /// <summary>Unread counts of this user's conversations.</summary>
    public async Task<IReadOnlyList<Im.UnreadCount>> GetUnreadCountsAsync(CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        var reply = await RequireImConnection().RequestAsync(new ClientFrame { GetUnread = new GetUnread() }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return [.. reply.Unread.Counts.Select(c => new Im.UnreadCount(ConversationRef.FromWire(c.Conversation), c.Unread, c.LastSeq))];
    }

    /// <summary>Marks a conversation read up to <paramref name="seq"/>.</summary>
    public async Task MarkReadAsync(ConversationRef conversation, ulong seq, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        await RequireImConnection().RequestAsync(new ClientFrame { MarkRead = new MarkRead { Conversation = conversation.ToWire(), Seq = seq } }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SentMessage> SendAsync(ConversationRef to, LiveMessage message, bool onlineOnly, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        if (message is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, "message is null");
        }

        if (message.Elements.Count == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the message has no elements");
        }

        // The id is fixed before the first attempt so that a retry after a lost answer is stored once.
        message.ClientMessageId ??= Guid.CreateVersion7().ToString("N");
        var request = new SendMessage { To = to.ToWire(), ClientMessageId = message.ClientMessageId, OnlineOnly = onlineOnly };
        request.Elements.Add(message.Elements);
        var reply = await RequireImConnection().RequestAsync(new ClientFrame { SendMessage = request }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var sent = reply.Sent;
        return new SentMessage(sent.MessageId, sent.Seq, DateTimeOffset.FromUnixTimeMilliseconds(sent.SentAtMs), sent.Duplicate);
    }

    /// <summary>IM calls while the session is reconnecting fail with 8001: the IM side is not ready yet.</summary>
    private SignalingConnection RequireImConnection() =>
        State == ConnectionState.Reconnecting
            ? throw new LiveException(ILiveErrorCode.ImNotReady, "IM is not ready: the connection dropped and the client is reconnecting")
            : RequireConnection();

    private ConversationRef CurrentGroup() =>
        _room is { } room ? ConversationRef.InGroup(room.GroupId) : throw new LiveException(ILiveErrorCode.NoRoom, "not in a room");

    private void OnMessage(SignalingConnection from, Message message)
    {
        if (FirstSighting(message.MessageId))
        {
            var received = new ReceivedMessage(message);
            var args = new MessageReceivedEventArgs(received);
            RaiseFor(MessageReceived, this, args);
            if (_room is { } room)
            {
                // Co-host events come only from the server's own commands: another client's message shaped like one is
                // just a message (the server refuses those anyway; the mark makes the SDK independent of that).
                if (message.ServerCommand && received.Conversation.IsC2C && received.Command is { UserAction: (>= LiveCommandIds.Invite and <= LiveCommandIds.Reject) or LiveCommandIds.InviteExpired } command)
                {
                    room.OnLiveCommand(received.Sender, command.UserAction);
                }
                else if (received.Conversation.GroupId == room.GroupId)
                {
                    room.OnMessage(args);
                }
            }
        }

        // Acknowledged on the connection it came by: the inbox follows the login answer, before the login call has
        // adopted the connection, and the server sends the rest of the inbox only as the first messages are acknowledged.
        if (message.InboxSeq > 0 && from.IsOpen)
        {
            _ = from.RequestAsync(new ClientFrame { AckInbox = new AckInbox { InboxSeq = message.InboxSeq } }, _options.RequestTimeout, CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private bool FirstSighting(string messageId)
    {
        lock (_recentGate)
        {
            if (!_recentIds.Add(messageId))
            {
                return false;
            }

            _recentOrder.Enqueue(messageId);
            if (_recentOrder.Count > RecentIdCapacity)
            {
                _recentIds.Remove(_recentOrder.Dequeue());
            }

            return true;
        }
    }
}
