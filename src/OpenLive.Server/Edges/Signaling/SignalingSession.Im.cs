using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;
using OpenLive.Server.Im;
using Orleans.Concurrency;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// IM from the session's side: validate, store (the answer waits for the commit), then deliver — C2C through the
/// receiver's user grain, room messages through the room grain. Online-only messages skip the store.
/// </summary>
internal sealed partial class SignalingSession
{
    private const int MaxHistoryPage = 100;
    private const int MaxClientMessageIdLength = 64;
    private FrameRateLimiter? _messageRate;

    private async Task<ServerFrame?> SendMessageAsync(LoginState login, SendMessage request)
    {
        var bytes = ValidateMessage(request);
        _messageRate ??= new FrameRateLimiter(_services.Options.MaxMessagesPerSecond, _services.Time);
        if (!_messageRate.TryAcquire())
        {
            throw new LiveException(ILiveErrorCode.BusyHere, $"more than {_services.Options.MaxMessagesPerSecond} messages per second; this one was not sent");
        }

        var now = _services.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var clientId = request.ClientMessageId.Length == 0 ? null : request.ClientMessageId;
        await AskBeforeSendAsync(login, request).ConfigureAwait(false);
        if (request.To.TargetCase == Conversation.TargetOneofCase.UserId)
        {
            var receiver = request.To.UserId;
            if (!UserIdRules.IsValid(receiver, out var problem) || receiver == login.UserId)
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, problem ?? "a message cannot be sent to oneself");
            }

            if (!_services.Users.TryGetTinyId(login.SdkAppId, receiver, out _))
            {
                throw new LiveException(ILiveErrorCode.NotFound, $"user \"{receiver}\" has never logged in to app {login.SdkAppId}");
            }

            var fromSender = new Conversation { UserId = login.UserId };
            var user = _services.Grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, receiver));
            if (request.OnlineOnly)
            {
                var id = ImFrames.NewOnlineMessageId();
                await user.Deliver(ImFrames.OnlineFrame(id, login.UserId, fromSender, request.Elements, now, request.ClientMessageId).AsImmutable()).ConfigureAwait(false);
                PublishSent(login, request, id, 0, duplicate: false);
                return Sent(id, 0, now, duplicate: false);
            }

            var append = _services.Messages.Append(login.SdkAppId, ConversationKey.C2C(login.UserId, receiver), login.UserId, clientId, bytes, now, inboxUser: receiver);
            if (!append.Duplicate)
            {
                await user.Deliver(ImFrames.MessageFrame(append.Message, fromSender, append.ReceiverInboxSeq).AsImmutable()).ConfigureAwait(false);
            }

            PublishSent(login, request, append.Message.MessageId, append.Message.Seq, append.Duplicate);
            return Sent(append.Message.MessageId, append.Message.Seq, append.Message.SentAtMs, append.Duplicate);
        }

        var groupId = request.To.GroupId;
        var room = _room;
        if (room is null || room.Name.GroupId != groupId)
        {
            throw new LiveException(AVErrorCode.ServerIdNotInRoom, $"not in the room of group \"{groupId}\"; join it to send to its group");
        }

        var toGroup = new Conversation { GroupId = groupId };
        var grain = _services.Grains.GetGrain<IRoomMessaging>(room.Key);
        (await grain.AuthorizeMessage(login.UserId, Id).ConfigureAwait(false)).ThrowIfFailed(); // membership, mute: before storing
        if (request.OnlineOnly)
        {
            var id = ImFrames.NewOnlineMessageId();
            (await grain.PublishMessage(login.UserId, Id, ImFrames.OnlineFrame(id, login.UserId, toGroup, request.Elements, now, request.ClientMessageId).AsImmutable()).ConfigureAwait(false)).ThrowIfFailed();
            PublishSent(login, request, id, 0, duplicate: false);
            return Sent(id, 0, now, duplicate: false);
        }

        var stored = _services.Messages.Append(login.SdkAppId, ConversationKey.Group(groupId), login.UserId, clientId, bytes, now, inboxUser: null);
        if (!stored.Duplicate)
        {
            (await grain.PublishMessage(login.UserId, Id, ImFrames.MessageFrame(stored.Message, toGroup, 0).AsImmutable()).ConfigureAwait(false)).ThrowIfFailed();
        }

        PublishSent(login, request, stored.Message.MessageId, stored.Message.Seq, stored.Duplicate);
        return Sent(stored.Message.MessageId, stored.Message.Seq, stored.Message.SentAtMs, stored.Duplicate);
    }

    /// <summary>The app's before-send hook may refuse a message (10003 with its reason) before anything is stored or delivered.</summary>
    private async Task AskBeforeSendAsync(LoginState login, SendMessage request)
    {
        if (!_services.Webhooks.ChecksBeforeSend)
        {
            return; // the common case: no event built, no await
        }

        var (allowed, reason) = await _services.Webhooks.BeforeSendAsync(WebhookFor("message.beforeSend", login, request, null, 0), CancellationToken.None).ConfigureAwait(false);
        if (!allowed)
        {
            throw new LiveException(AVErrorCode.ServerNoPermission, $"the app refused the message: {reason}");
        }
    }

    private void PublishSent(LoginState login, SendMessage request, string messageId, ulong seq, bool duplicate)
    {
        if (!duplicate && _services.Webhooks.Enabled)
        {
            _services.Webhooks.Publish(WebhookFor("message.sent", login, request, messageId, seq));
        }
    }

    private Webhooks.WebhookEvent WebhookFor(string name, LoginState login, SendMessage request, string? messageId, ulong seq)
    {
        var text = ImFrames.TextOf(request.Elements);
        var message = new Webhooks.WebhookMessage(messageId, seq, login.UserId,
            request.To.TargetCase == Conversation.TargetOneofCase.UserId ? request.To.UserId : null,
            request.To.TargetCase == Conversation.TargetOneofCase.GroupId ? request.To.GroupId : null,
            text, request.OnlineOnly);
        return new Webhooks.WebhookEvent(name, login.SdkAppId, _services.Time.GetUtcNow().ToUnixTimeSeconds(), UserId: login.UserId, Message: message);
    }

    private ServerFrame GetMessages(LoginState login, GetMessages request)
    {
        var key = ConversationOf(login, request.Conversation, forReading: true);
        var count = request.Count == 0 ? 20 : (int)request.Count;
        if (count > MaxHistoryPage)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"at most {MaxHistoryPage} messages per page");
        }

        var list = new MessageList();
        foreach (var message in _services.Messages.History(login.SdkAppId, key, count, request.BeforeSeq))
        {
            list.Messages.Add(ImFrames.ToWire(message, request.Conversation, 0));
        }

        return new ServerFrame { Messages = list };
    }

    private ServerFrame AckInbox(LoginState login, AckInbox request)
    {
        _services.Messages.AcknowledgeInbox(login.SdkAppId, login.UserId, request.InboxSeq);
        return new ServerFrame { Ok = new Empty() };
    }

    private ServerFrame MarkRead(LoginState login, MarkRead request)
    {
        var key = ConversationOf(login, request.Conversation, forReading: true);
        _services.Messages.MarkRead(login.SdkAppId, login.UserId, key, request.Seq);
        return new ServerFrame { Ok = new Empty() };
    }

    private ServerFrame GetUnread(LoginState login)
    {
        var counts = new UnreadCounts();
        foreach (var (conversation, unread, lastSeq) in _services.Messages.Unread(login.SdkAppId, login.UserId))
        {
            var wire = conversation.IsC2C ? new Conversation { UserId = conversation.PeerOf(login.UserId) } : new Conversation { GroupId = conversation.GroupId };
            counts.Counts.Add(new UnreadCount { Conversation = wire, Unread = unread, LastSeq = lastSeq });
        }

        return new ServerFrame { Unread = counts };
    }

    /// <summary>True for the requests that use the message store; <paramref name="group"/> when about a group conversation.</summary>
    private static bool IsImRequest(ClientFrame frame, out bool group)
    {
        (var im, group) = frame.BodyCase switch
        {
            ClientFrame.BodyOneofCase.SendMessage => (true, frame.SendMessage.To?.TargetCase == Conversation.TargetOneofCase.GroupId),
            ClientFrame.BodyOneofCase.GetMessages => (true, frame.GetMessages.Conversation?.TargetCase == Conversation.TargetOneofCase.GroupId),
            ClientFrame.BodyOneofCase.MarkRead => (true, frame.MarkRead.Conversation?.TargetCase == Conversation.TargetOneofCase.GroupId),
            ClientFrame.BodyOneofCase.AckInbox or ClientFrame.BodyOneofCase.GetUnread => (true, false),
            _ => (false, false),
        };
        return im;
    }

    /// <summary>
    /// After a login: push the C2C messages the user has not acknowledged, oldest first. When the store fails, what was
    /// not pushed stays in the inbox for the next login.
    /// </summary>
    private void DeliverInbox(LoginState login)
    {
        try
        {
            DeliverInboxFromStore(login);
        }
        catch (System.Data.Common.DbException e)
        {
            SessionLog.RequestFailed(_services.Logger, e, Id, "DeliverInbox");
        }
    }

    private void DeliverInboxFromStore(LoginState login)
    {
        var cursor = _services.Messages.InboxCursor(login.SdkAppId, login.UserId);
        while (true)
        {
            var entries = _services.Messages.Inbox(login.SdkAppId, login.UserId, cursor, 500);
            foreach (var entry in entries)
            {
                var from = new Conversation { UserId = entry.Message.Conversation.PeerOf(login.UserId) };
                Send(new ServerFrame { Message = ImFrames.ToWire(entry.Message, from, entry.InboxSeq) });
                cursor = entry.InboxSeq;
            }

            if (entries.Count < 500)
            {
                return;
            }
        }
    }

    /// <summary>A member who enters a room starts reading its group from now: history is there, but not "unread".</summary>
    private void JoinGroup(LoginState login, string groupId)
    {
        var key = ConversationKey.Group(groupId);
        _services.Messages.MarkRead(login.SdkAppId, login.UserId, key, _services.Messages.LastSeq(login.SdkAppId, key));
    }

    private ConversationKey ConversationOf(LoginState login, Conversation? conversation, bool forReading)
    {
        switch (conversation?.TargetCase)
        {
            case Conversation.TargetOneofCase.UserId when UserIdRules.IsValid(conversation.UserId, out _):
                return ConversationKey.C2C(login.UserId, conversation.UserId);
            case Conversation.TargetOneofCase.GroupId when conversation.GroupId.Length > 0:
                var key = ConversationKey.Group(conversation.GroupId);
                var inRoom = _room?.Name.GroupId == conversation.GroupId;
                if (forReading && !inRoom && !_services.Messages.IsParticipant(login.SdkAppId, login.UserId, key))
                {
                    throw new LiveException(AVErrorCode.ServerIdNotInRoom, $"not a member of group \"{conversation.GroupId}\"");
                }

                return key;
            default:
                throw new LiveException(ILiveErrorCode.InvalidParam, "the conversation needs a user id or a group id");
        }
    }

    private byte[] ValidateMessage(SendMessage request)
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

        if (request.ClientMessageId.Length > MaxClientMessageIdLength)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"client_message_id is longer than {MaxClientMessageIdLength} characters");
        }

        var body = new MessageBody();
        body.Elements.Add(request.Elements);
        var bytes = body.ToByteArray();
        return bytes.Length <= _services.Options.MaxMessageBytes
            ? bytes
            : throw new LiveException(ILiveErrorCode.InvalidParam, $"the message is {bytes.Length} bytes; at most {_services.Options.MaxMessageBytes} are allowed");
    }

    private static ServerFrame Sent(string messageId, ulong seq, long sentAtMs, bool duplicate) =>
        new() { Sent = new SendMessageResult { MessageId = messageId, Seq = seq, SentAtMs = sentAtMs, Duplicate = duplicate } };

}
