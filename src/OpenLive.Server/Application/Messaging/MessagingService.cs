using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Im;
using OpenLive.Server.Storage;
using OpenLive.Server.Webhooks;
using Orleans.Concurrency;

namespace OpenLive.Server.Application.Messaging;

/// <summary>
/// IM: validate, ask the app's before-send hook, store (the answer waits for the commit), then deliver — C2C through the
/// receiver's user grain, room messages through the room grain's fan-out. Online-only messages skip the store. Message
/// content stays in the protocol's own types (<see cref="MessageElement"/>): it is stored in that format.
/// </summary>
internal sealed class MessagingService(
    IGrainFactory grains,
    IUserDirectory users,
    IMessageStore messages,
    IWebhooks webhooks,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    IOptions<ServerOptions> options)
{
    private const int MaxHistoryPage = 100;
    private const int MaxClientMessageIdLength = 64;
    private readonly ServerOptions _options = options.Value;

    /// <summary>Sends a message to a user or to the session's room group.</summary>
    /// <exception cref="LiveException">8021 invalid, 8011 over the rate or the receiver's inbox full, 8022 unknown receiver, 10006 not in the group's room, 10003 muted or refused by the app.</exception>
    public async Task<SentMessageReceipt> SendAsync(ClientSession session, SendMessage request)
    {
        var login = session.RequireLogin();
        var bytes = Validate(request);
        session.MessageRate ??= new RateLimiter(_options.MaxMessagesPerSecond, time);
        if (!session.MessageRate.TryAcquire())
        {
            throw new LiveException(ILiveErrorCode.BusyHere, $"more than {_options.MaxMessagesPerSecond} messages per second; this one was not sent");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var clientId = request.ClientMessageId.Length == 0 ? null : request.ClientMessageId;
        await AskBeforeSendAsync(login, request).ConfigureAwait(false);
        if (request.To.TargetCase == Conversation.TargetOneofCase.UserId)
        {
            var receiver = request.To.UserId;
            if (!UserIdRules.IsValid(receiver, out var problem) || receiver == login.UserId)
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, problem ?? "a message cannot be sent to oneself");
            }

            if (!users.TryGetTinyId(login.SdkAppId, receiver, out _))
            {
                throw new LiveException(ILiveErrorCode.NotFound, $"user \"{receiver}\" has never logged in to app {login.SdkAppId}");
            }

            var user = grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, receiver));
            if (request.OnlineOnly)
            {
                var id = ImFrames.NewOnlineMessageId();
                await user.Deliver(ImFrames.OnlineChat(id, login.UserId, request.Elements, now, request.ClientMessageId)).ConfigureAwait(false);
                PublishSent(login, request, id, 0, duplicate: false);
                return new SentMessageReceipt(id, 0, now, Duplicate: false);
            }

            AppendResult append;
            try
            {
                append = messages.Append(login.SdkAppId, ConversationKey.C2C(login.UserId, receiver), login.UserId, clientId, bytes, now, inboxUser: receiver, _options.MaxInboxMessages);
            }
            catch (InboxFullException e)
            {
                throw new LiveException(ILiveErrorCode.BusyHere, $"the inbox of \"{receiver}\" is full ({e.Limit} unacknowledged messages); this one was not sent — retry after they have read their messages");
            }

            if (!append.Duplicate)
            {
                await user.Deliver(ImFrames.StoredChat(append.Message, append.ReceiverInboxSeq)).ConfigureAwait(false);
            }

            PublishSent(login, request, append.Message.MessageId, append.Message.Seq, append.Duplicate);
            return new SentMessageReceipt(append.Message.MessageId, append.Message.Seq, append.Message.SentAtMs, append.Duplicate);
        }

        var groupId = request.To.GroupId;
        var room = session.Room;
        if (room is null || room.Name.GroupId != groupId)
        {
            throw new LiveException(AVErrorCode.ServerIdNotInRoom, $"not in the room of group \"{groupId}\"; join it to send to its group");
        }

        var toGroup = new Conversation { GroupId = groupId };
        var grain = grains.GetGrain<IRoomMessaging>(room.Key);
        (await grain.AuthorizeMessage(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed(); // membership, mute: before storing
        if (request.OnlineOnly)
        {
            var id = ImFrames.NewOnlineMessageId();
            (await grain.PublishMessage(login.UserId, session.Id, ImFrames.OnlineFrame(id, login.UserId, toGroup, request.Elements, now, request.ClientMessageId).AsImmutable()).ConfigureAwait(false)).ThrowIfFailed();
            PublishSent(login, request, id, 0, duplicate: false);
            return new SentMessageReceipt(id, 0, now, Duplicate: false);
        }

        var stored = messages.Append(login.SdkAppId, ConversationKey.Group(groupId), login.UserId, clientId, bytes, now, inboxUser: null);
        if (!stored.Duplicate)
        {
            (await grain.PublishMessage(login.UserId, session.Id, ImFrames.MessageFrame(stored.Message, toGroup, 0).AsImmutable()).ConfigureAwait(false)).ThrowIfFailed();
        }

        PublishSent(login, request, stored.Message.MessageId, stored.Message.Seq, stored.Duplicate);
        return new SentMessageReceipt(stored.Message.MessageId, stored.Message.Seq, stored.Message.SentAtMs, stored.Duplicate);
    }

    /// <summary>
    /// A page of a conversation's history, newest first (at most 100; 20 when <paramref name="count"/> is 0). A room's
    /// group is read by its current members only, as iLiveSDK's AVChatRoom groups were: a member who left reads no more.
    /// </summary>
    /// <exception cref="LiveException">8021 count above 100 or no conversation, 10006 not a member of the group's room now.</exception>
    public async Task<IReadOnlyList<Message>> HistoryAsync(ClientSession session, Conversation? conversation, uint count, ulong beforeSeq)
    {
        var login = session.RequireLogin();
        if (count > MaxHistoryPage)
        {
            // Checked on the wire's unsigned value: a cast first would turn 4294967295 into -1 (SQL's "no limit").
            throw new LiveException(ILiveErrorCode.InvalidParam, $"at most {MaxHistoryPage} messages per page (count {count})");
        }

        var page = count == 0 ? 20 : (int)count;
        ConversationKey key;
        if (conversation?.TargetCase == Conversation.TargetOneofCase.GroupId && conversation.GroupId.Length > 0)
        {
            key = ConversationKey.Group(conversation.GroupId);
            var room = session.Room;
            if (room is null || room.Name.GroupId != conversation.GroupId)
            {
                throw new LiveException(AVErrorCode.ServerIdNotInRoom, $"not a member of the room of group \"{conversation.GroupId}\"; join it to read its messages");
            }

            (await grains.GetGrain<IRoomMessaging>(room.Key).AuthorizeHistory(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed();
        }
        else
        {
            key = ConversationOf(session, login, conversation);
        }

        return [.. messages.History(login.SdkAppId, key, page, beforeSeq).Select(message => ImFrames.ToWire(message, conversation!, 0))];
    }

    /// <summary>
    /// The client has the inbox up to <paramref name="inboxSeq"/>: those are not pushed again at the next login. A
    /// position beyond the inbox's newest entry acknowledges the inbox, not messages that do not exist yet.
    /// </summary>
    public void AcknowledgeInbox(ClientSession session, ulong inboxSeq)
    {
        var login = session.RequireLogin();
        if (inboxSeq == 0)
        {
            return;
        }

        messages.AcknowledgeInbox(login.SdkAppId, login.UserId, Math.Min(inboxSeq, messages.InboxHead(login.SdkAppId, login.UserId)));
    }

    /// <summary>Marks the conversation read up to <paramref name="seq"/>; a position beyond its newest message marks all of it.</summary>
    public void MarkRead(ClientSession session, Conversation? conversation, ulong seq)
    {
        var login = session.RequireLogin();
        var key = ConversationOf(session, login, conversation);
        messages.MarkRead(login.SdkAppId, login.UserId, key, Math.Min(seq, messages.LastSeq(login.SdkAppId, key)));
    }

    public IReadOnlyList<UnreadCount> Unread(ClientSession session)
    {
        var login = session.RequireLogin();
        return [.. messages.Unread(login.SdkAppId, login.UserId).Select(entry => new UnreadCount
        {
            Conversation = entry.Conversation.IsC2C ? new Conversation { UserId = entry.Conversation.PeerOf(login.UserId) } : new Conversation { GroupId = entry.Conversation.GroupId },
            Unread = entry.Unread,
            LastSeq = entry.LastSeq,
        })];
    }

    /// <summary>Where the user's inbox stands: acknowledged up to <c>Cursor</c>, filled up to <c>Head</c>.</summary>
    public (ulong Cursor, ulong Head) InboxPosition(SessionLogin login) =>
        (messages.InboxCursor(login.SdkAppId, login.UserId), messages.InboxHead(login.SdkAppId, login.UserId));

    /// <summary>Up to <paramref name="max"/> inbox messages after <paramref name="after"/> and up to <paramref name="upTo"/>, oldest first, as pushed to the client.</summary>
    public IReadOnlyList<Message> InboxPage(SessionLogin login, ulong after, ulong upTo, int max) =>
        [.. messages.Inbox(login.SdkAppId, login.UserId, after, upTo, max)
            .Select(entry => ImFrames.ToWire(entry.Message, new Conversation { UserId = entry.Message.Conversation.PeerOf(login.UserId) }, entry.InboxSeq))];

    /// <summary>
    /// Drops the user's pending deliveries (an administrator's remedy for a flooded inbox): everything in the inbox now
    /// counts as acknowledged. The messages stay in the conversations' history. Returns how many were pending.
    /// </summary>
    public ulong ClearInbox(uint sdkAppId, string userId)
    {
        var cursor = messages.InboxCursor(sdkAppId, userId);
        var head = messages.InboxHead(sdkAppId, userId);
        if (head <= cursor)
        {
            return 0;
        }

        messages.AcknowledgeInbox(sdkAppId, userId, head);
        return head - cursor;
    }

    /// <summary>The IM step of entering a room: the member reads its group from now on (history is there, but not "unread").</summary>
    public void JoinGroup(SessionLogin login, string groupId)
    {
        var key = ConversationKey.Group(groupId);
        messages.MarkRead(login.SdkAppId, login.UserId, key, messages.LastSeq(login.SdkAppId, key));
    }

    /// <summary>The app's before-send hook may refuse a message (10003 with its reason) before anything is stored or delivered.</summary>
    private async Task AskBeforeSendAsync(SessionLogin login, SendMessage request)
    {
        if (!webhooks.ChecksBeforeSend)
        {
            return; // the common case: no event built, no await
        }

        var (allowed, reason) = await webhooks.BeforeSendAsync(WebhookFor("message.beforeSend", login, request, null, 0), CancellationToken.None).ConfigureAwait(false);
        if (!allowed)
        {
            throw new LiveException(AVErrorCode.ServerNoPermission, $"the app refused the message: {reason}");
        }
    }

    private void PublishSent(SessionLogin login, SendMessage request, string messageId, ulong seq, bool duplicate)
    {
        if (!duplicate && webhooks.Enabled)
        {
            webhooks.Publish(WebhookFor("message.sent", login, request, messageId, seq));
        }
    }

    private WebhookEvent WebhookFor(string name, SessionLogin login, SendMessage request, string? messageId, ulong seq)
    {
        var text = ImFrames.TextOf(request.Elements);
        var message = new WebhookMessage(messageId, seq, login.UserId,
            request.To.TargetCase == Conversation.TargetOneofCase.UserId ? request.To.UserId : null,
            request.To.TargetCase == Conversation.TargetOneofCase.GroupId ? request.To.GroupId : null,
            text, request.OnlineOnly);
        return new WebhookEvent(name, login.SdkAppId, time.GetUtcNow().ToUnixTimeSeconds(), UserId: login.UserId, Message: message);
    }

    /// <summary>The conversation to mark read or count: a C2C one, or a group the user is in (its room now, or one it wrote to or read before).</summary>
    private ConversationKey ConversationOf(ClientSession session, SessionLogin login, Conversation? conversation)
    {
        switch (conversation?.TargetCase)
        {
            case Conversation.TargetOneofCase.UserId when UserIdRules.IsValid(conversation.UserId, out _):
                return ConversationKey.C2C(login.UserId, conversation.UserId);
            case Conversation.TargetOneofCase.GroupId when conversation.GroupId.Length > 0:
                var key = ConversationKey.Group(conversation.GroupId);
                var inRoom = session.Room?.Name.GroupId == conversation.GroupId;
                if (!inRoom && !messages.IsParticipant(login.SdkAppId, login.UserId, key))
                {
                    throw new LiveException(AVErrorCode.ServerIdNotInRoom, $"not a member of group \"{conversation.GroupId}\"");
                }

                return key;
            default:
                throw new LiveException(ILiveErrorCode.InvalidParam, "the conversation needs a user id or a group id");
        }
    }

    private byte[] Validate(SendMessage request)
    {
        if (request.To is null || request.To.TargetCase == Conversation.TargetOneofCase.None)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the message has no receiver (to.user_id or to.group_id)");
        }

        if (request.Elements.Count == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "a message needs at least one element");
        }

        foreach (var element in request.Elements)
        {
            if (element.ElementCase == MessageElement.ElementOneofCase.None || (element.ElementCase == MessageElement.ElementOneofCase.Text && element.Text.Text.Length == 0))
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, "every element needs content (a non-empty text or a custom element)");
            }
        }

        LiveShow.ServerLiveCommands.RefuseFromClient(request.Elements);
        if (request.ClientMessageId.Length > MaxClientMessageIdLength)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"client_message_id is longer than {MaxClientMessageIdLength} characters");
        }

        var body = new MessageBody();
        body.Elements.Add(request.Elements);
        var bytes = body.ToByteArray();
        return bytes.Length <= _options.MaxMessageBytes
            ? bytes
            : throw new LiveException(ILiveErrorCode.InvalidParam, $"the message is {bytes.Length} bytes; at most {_options.MaxMessageBytes} are allowed");
    }
}

/// <summary>A sent message as the server acknowledged it (seq 0 for online-only messages).</summary>
internal sealed record SentMessageReceipt(string MessageId, ulong Seq, long SentAtMs, bool Duplicate);
