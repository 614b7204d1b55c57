using System.Data.Common;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Calls;
using OpenLive.Server.Application.Egress;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.LiveShow;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Media;
using OpenLive.Server.Application.Messaging;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Application.Turn;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Wire;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// The signaling protocol's requests, routed to the application services: each <see cref="ClientFrame"/> becomes one
/// service call, its result one answer frame. Failures become error answers (module, code, message) here and only here.
/// </summary>
internal sealed class SignalingRouter(
    LoginService login,
    RoomEntryService rooms,
    RoomListing roomListing,
    MessagingService messaging,
    LiveShowService liveShow,
    MediaService media,
    EgressService egress,
    CallService calls,
    TurnCredentialIssuer turn,
    NodeIdentity node,
    IOptions<ServerOptions> options,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    ILogger<SignalingRouter> logger)
{
    private readonly ServerOptions _options = options.Value;

    /// <summary>
    /// Whether the request enters a room: its answer must precede the room's pushes. A resuming login takes its room
    /// seat back, and the room then sends the subscriber offer that may have been lost with the old connection.
    /// </summary>
    public static bool EntersRoom(ClientFrame frame) =>
        frame.BodyCase is ClientFrame.BodyOneofCase.CreateRoom or ClientFrame.BodyOneofCase.JoinRoom or ClientFrame.BodyOneofCase.SwitchRoom
            or ClientFrame.BodyOneofCase.MakeCall or ClientFrame.BodyOneofCase.AcceptCall
        || (frame.BodyCase == ClientFrame.BodyOneofCase.Login && frame.Login.ResumeToken.Length > 0);

    /// <summary>Answers a request (errors as error answers, with the request's id).</summary>
    public async Task<ServerFrame> AnswerAsync(SignalingSession session, ClientFrame frame)
    {
        ServerFrame reply;
        try
        {
            reply = await DispatchAsync(session, frame).ConfigureAwait(false);
        }
        catch (LiveException e)
        {
            reply = ErrorFrames.Reply(frame.RequestId, e);
        }
        catch (DbException e) when (IsImRequest(frame, out var group))
        {
            // The message store failed (a store that is down, a disk that is full, a lock held too long): an IMSDK
            // error, as Tencent's IM reported its server failures. A failed send stored nothing.
            SignalingLog.RequestFailed(logger, e, session.Id, frame.BodyCase.ToString());
            reply = ErrorFrames.Reply(frame.RequestId, ImErrors.StoreFailed(group, $"the server's message store failed ({e.Message}); retry"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SignalingLog.RequestFailed(logger, e, session.Id, frame.BodyCase.ToString());
            reply = ErrorFrames.Reply(frame.RequestId, AVErrorCode.ServerFailed, "the server failed to handle the request; see its log");
        }

        reply.RequestId = frame.RequestId;
        return reply;
    }

    private Task<ServerFrame> DispatchAsync(SignalingSession session, ClientFrame frame)
    {
        if (frame.BodyCase == ClientFrame.BodyOneofCase.Heartbeat)
        {
            return Task.FromResult(new ServerFrame
            {
                Heartbeat = new HeartbeatAck { ClientTimeMs = frame.Heartbeat.ClientTimeMs, ServerTimeMs = time.GetUtcNow().ToUnixTimeMilliseconds() },
            });
        }

        if (frame.BodyCase == ClientFrame.BodyOneofCase.None)
        {
            // Fields this server does not know are kept as unknown fields: a newer client's request type.
            var bare = new ClientFrame { RequestId = frame.RequestId }.CalculateSize();
            throw frame.CalculateSize() > bare
                ? new LiveException(AVErrorCode.ServerNotImplement, "this server does not know the request type; it may be newer than the server")
                : new LiveException(ILiveErrorCode.InvalidParam, "the frame carries no request");
        }

        if (frame.RequestId == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "requests need a request_id above 0");
        }

        var state = session.State;
        if (frame.BodyCase == ClientFrame.BodyOneofCase.Login)
        {
            return LoginAsync(session, frame.Login);
        }

        state.RequireLogin();
        return frame.BodyCase switch
        {
            ClientFrame.BodyOneofCase.Logout => LogoutAsync(session),
            ClientFrame.BodyOneofCase.RenewUserSig => Answer(() =>
            {
                var expiresAt = LoginService.RenewUserSig(state, frame.RenewUserSig.UserSig);
                session.ScheduleSigExpiry(expiresAt);
                return new ServerFrame { RenewUserSig = new RenewUserSigResult { SigExpiresAt = expiresAt } };
            }),
            ClientFrame.BodyOneofCase.ResolveUsers => Answer(() => ResolveUsers(state, frame.ResolveUsers)),
            ClientFrame.BodyOneofCase.CreateRoom => RoomAsync(rooms.EnterAsync(state, frame.CreateRoom.RoomId, Entry(frame.CreateRoom.Options), creating: true)),
            ClientFrame.BodyOneofCase.JoinRoom => RoomAsync(rooms.EnterAsync(state, frame.JoinRoom.RoomId, Entry(frame.JoinRoom.Options), creating: false)),
            ClientFrame.BodyOneofCase.SwitchRoom => RoomAsync(rooms.SwitchAsync(state, frame.SwitchRoom.RoomId, Entry(frame.SwitchRoom.Options))),
            ClientFrame.BodyOneofCase.QuitRoom => OkAsync(rooms.QuitAsync(state)),
            ClientFrame.BodyOneofCase.DismissRoom => OkAsync(rooms.DismissAsync(state)),
            ClientFrame.BodyOneofCase.ChangeRole => RoomAsync(rooms.ChangeRoleAsync(state, frame.ChangeRole.ControlRole)),
            ClientFrame.BodyOneofCase.ChangeAuthority => RoomAsync(rooms.ChangeAuthorityAsync(state, frame.ChangeAuthority.AuthBits, frame.ChangeAuthority.PrivateMapKey)),
            ClientFrame.BodyOneofCase.GetMembers => MembersAsync(rooms.GetMembersAsync(state, frame.GetMembers.RoomId, [.. frame.GetMembers.UserIds])),
            ClientFrame.BodyOneofCase.ListRooms => Map(roomListing.ListAsync(state, frame.ListRooms.Limit, frame.ListRooms.Offset), list => new ServerFrame { RoomList = list }),
            ClientFrame.BodyOneofCase.SendMessage => SentAsync(messaging.SendAsync(state, frame.SendMessage)),
            ClientFrame.BodyOneofCase.GetMessages => Map(messaging.HistoryAsync(state, frame.GetMessages.Conversation, frame.GetMessages.Count, frame.GetMessages.BeforeSeq), Messages),
            ClientFrame.BodyOneofCase.AckInbox => Answer(() => Ok(() => messaging.AcknowledgeInbox(state, session.Inbox.Acknowledge(frame.AckInbox.InboxSeq)))),
            ClientFrame.BodyOneofCase.MarkRead => Answer(() => Ok(() => messaging.MarkRead(state, frame.MarkRead.Conversation, frame.MarkRead.Seq))),
            ClientFrame.BodyOneofCase.GetUnread => Answer(() => Unread(messaging.Unread(state))),
            ClientFrame.BodyOneofCase.InviteCoHost => OkAsync(liveShow.InviteCoHostAsync(state, frame.InviteCoHost.UserId, frame.InviteCoHost.ExpireSeconds)),
            ClientFrame.BodyOneofCase.CancelCoHostInvite => OkAsync(liveShow.CancelCoHostInviteAsync(state, frame.CancelCoHostInvite.UserId)),
            ClientFrame.BodyOneofCase.AnswerCoHostInvite => RoomAsync(liveShow.AnswerCoHostInviteAsync(state, frame.AnswerCoHostInvite.Accept, frame.AnswerCoHostInvite.CoHostRole)),
            ClientFrame.BodyOneofCase.KickMember => OkAsync(liveShow.KickMemberAsync(state, frame.KickMember.UserId, frame.KickMember.Reason)),
            ClientFrame.BodyOneofCase.MuteMember => OkAsync(liveShow.MuteMemberAsync(state, frame.MuteMember.UserId, frame.MuteMember.Seconds)),
            ClientFrame.BodyOneofCase.SendLikes => OkAsync(liveShow.SendLikesAsync(state, frame.SendLikes.Count)),
            ClientFrame.BodyOneofCase.Publish => PublishAsync(state, frame.Publish),
            ClientFrame.BodyOneofCase.SubscriberAnswer => OkAsync(media.AnswerSubscriberAsync(state, frame.SubscriberAnswer.Sdp, frame.SubscriberAnswer.Revision)),
            ClientFrame.BodyOneofCase.RequestViews => OkAsync(media.RequestViewsAsync(state, [.. frame.RequestViews.Views.Select(v => (v.UserId, RoomWire.Source(v.Source), RoomWire.Quality(v.Quality)))])),
            ClientFrame.BodyOneofCase.CancelViews => OkAsync(media.CancelViewsAsync(state)),
            ClientFrame.BodyOneofCase.RestartMedia => OkAsync(media.RestartMediaAsync(state)),
            ClientFrame.BodyOneofCase.Trickle => Answer(() => Ok(() => MediaService.Trickle(state, frame.Trickle.Candidate))),
            ClientFrame.BodyOneofCase.GetMediaStats => StatsAsync(media.GetStatsAsync(state)),
            ClientFrame.BodyOneofCase.StartPushStream => ChannelAsync(egress.StartPushStreamAsync(state, PushOption(frame.StartPushStream.Option))),
            ClientFrame.BodyOneofCase.StopPushStream => OkAsync(egress.StopPushStreamAsync(state, frame.StopPushStream.ChannelIds)),
            ClientFrame.BodyOneofCase.StartRecordVideo => ChannelAsync(egress.StartRecordVideoAsync(state, RecordOption(frame.StartRecordVideo.Option))),
            ClientFrame.BodyOneofCase.StopRecordVideo => Map(egress.StopRecordVideoAsync(state), files => new ServerFrame { RecordFiles = new RecordFiles { FileIds = { files } } }),
            ClientFrame.BodyOneofCase.MakeCall => CallAsync(calls.MakeAsync(state, [.. frame.MakeCall.InviteeUserIds], (int)frame.MakeCall.CallType, frame.MakeCall.Tips,
                frame.MakeCall.CustomData.ToByteArray(), frame.MakeCall.TimeoutSeconds, frame.MakeCall.Group)),
            ClientFrame.BodyOneofCase.AcceptCall => CallAsync(calls.AcceptAsync(state, frame.AcceptCall.CallId)),
            ClientFrame.BodyOneofCase.RefuseCall => OkAsync(calls.RefuseAsync(state, frame.RefuseCall.CallId)),
            ClientFrame.BodyOneofCase.CancelCall => OkAsync(calls.CancelAsync(state, frame.CancelCall.CallId)),
            ClientFrame.BodyOneofCase.HangUpCall => OkAsync(calls.HangUpAsync(state, frame.HangUpCall.CallId)),
            ClientFrame.BodyOneofCase.InviteToCall => Map(calls.InviteAsync(state, frame.InviteToCall.CallId, [.. frame.InviteToCall.UserIds]),
                view => new ServerFrame { Call = CallWire.State(view, room: null) }),
            _ => throw new LiveException(AVErrorCode.ServerNotImplement, $"{frame.BodyCase} is not supported by this server"),
        };
    }

    private async Task<ServerFrame> LoginAsync(SignalingSession session, Login request)
    {
        var outcome = await login.LoginAsync(session.State, new LoginRequest(request.SdkAppId, request.UserId, request.UserSig, request.ProtocolVersion, request.ResumeToken, request.Device, request.ResumeRoom)).ConfigureAwait(false);
        session.ScheduleSigExpiry(outcome.Login.SigExpiresAt);
        var result = new LoginResult
        {
            TinyId = outcome.Login.TinyId,
            SigExpiresAt = outcome.Login.SigExpiresAt,
            HeartbeatIntervalMs = (uint)_options.HeartbeatInterval.TotalMilliseconds,
            SessionTimeoutMs = (uint)_options.SessionTimeout.TotalMilliseconds,
            ResumeToken = session.Id.ToString("N"),
            NodeId = node.Id,
            ResumeWindowMs = (uint)_options.ResumeWindow.TotalMilliseconds,
            Resumed = outcome.ResumedRoom is not null,
            Room = outcome.ResumedRoom is { } room ? RoomWire.RoomState(room) : null,
        };
        result.RingingCalls.Add((await calls.RingingAsync(outcome.Login).ConfigureAwait(false)).Select(CallWire.Invitation));

        // Issued after the login succeeded, for the user it authenticated; fresh on every login, a resumed one included.
        foreach (var grant in turn.Issue(outcome.Login.UserId))
        {
            var server = new IceServer { Username = grant.Username ?? string.Empty, Credential = grant.Credential ?? string.Empty };
            server.Urls.Add(grant.Urls);
            result.IceServers.Add(server);
        }

        return new ServerFrame { Login = result };
    }

    private async Task<ServerFrame> LogoutAsync(SignalingSession session)
    {
        session.CancelSigExpiry();
        await login.LogoutAsync(session.State).ConfigureAwait(false);
        return Ok();
    }

    private ServerFrame ResolveUsers(ClientSession state, ResolveUsers request)
    {
        var result = new ResolveUsersResult();
        foreach (var (userId, tinyId) in login.ResolveUsers(state, request.UserIds, request.TinyIds))
        {
            result.Users.Add(new UserRef { UserId = userId, TinyId = tinyId });
        }

        return new ServerFrame { ResolveUsers = result };
    }

    private Task<ServerFrame> PublishAsync(ClientSession state, Publish request) =>
        Map(media.PublishAsync(state, request.Sdp, [.. request.Tracks.Select(t => (t.Mid, RoomWire.Source(t.Source)))]),
            answer => new ServerFrame { PublishAnswer = new PublishAnswer { Sdp = answer } });

    private static PushOptionValues PushOption(PushStreamOption? option)
    {
        option ??= new PushStreamOption();
        return new PushOptionValues(option.PushDataType, option.Encode, option.RecordFileType, option.OnlyPushAudio, option.RecordId, option.UserId);
    }

    private static RecordOptionValues RecordOption(Protocol.V1.RecordOption? option)
    {
        option ??= new Protocol.V1.RecordOption();
        return new RecordOptionValues(option.RecordDataType, option.FileName, option.ClassId, option.UserId);
    }

    /// <summary>iLiveSDK's PushStreamRsp: HLS paths as encode type HLS (0x01), RTMP ingests as RTMP (0x05) without their stream keys.</summary>
    private static Task<ServerFrame> ChannelAsync(Task<RoomEgressChannel> starting) => Map(starting, channel =>
    {
        var answer = new PushStreamRsp { ChannelId = channel.ChannelId, FileIds = { channel.FileIds } };
        answer.Urls.Add(channel.HlsUrls.Select(url => new LiveUrl { EncodeType = EgressOptionValues.EncodeHls, Url = url }));
        answer.Urls.Add(channel.RtmpUrls.Select(url => new LiveUrl { EncodeType = EgressOptionValues.EncodeRtmp, Url = EgressOptionValues.WithoutCredentials(url) }));
        return new ServerFrame { PushStream = answer };
    });

    private static EntryOptions Entry(RoomOptions? options)
    {
        options ??= new RoomOptions();
        return new EntryOptions(options.ControlRole, options.AuthBits, options.PrivateMapKey,
            new MediaFlags(options.AutoCamera, options.AutoMic, options.AutoRequestCamera, options.AutoRequestScreen));
    }

    private static ServerFrame Messages(IReadOnlyList<Message> page)
    {
        var list = new MessageList();
        list.Messages.Add(page);
        return new ServerFrame { Messages = list };
    }

    private static ServerFrame Unread(IReadOnlyList<UnreadCount> counts)
    {
        var wire = new UnreadCounts();
        wire.Counts.Add(counts);
        return new ServerFrame { Unread = wire };
    }

    private static Task<ServerFrame> CallAsync(Task<(CallView Call, RoomSnapshot Room)> entering) =>
        Map(entering, entered => new ServerFrame { Call = CallWire.State(entered.Call, RoomWire.RoomState(entered.Room)) });

    private static Task<ServerFrame> RoomAsync(Task<RoomSnapshot> entering) => Map(entering, room => new ServerFrame { Room = RoomWire.RoomState(room) });

    private static Task<ServerFrame> MembersAsync(Task<RoomMemberInfo[]> members) => Map(members, list => new ServerFrame { Members = RoomWire.MemberList(list) });

    private static Task<ServerFrame> StatsAsync(Task<MemberTrackStats[]> stats) => Map(stats, tracks => new ServerFrame { MediaStats = RoomWire.MediaStats(tracks) });

    private static Task<ServerFrame> SentAsync(Task<SentMessageReceipt> sending) =>
        Map(sending, sent => new ServerFrame { Sent = new SendMessageResult { MessageId = sent.MessageId, Seq = sent.Seq, SentAtMs = sent.SentAtMs, Duplicate = sent.Duplicate } });

    private static async Task<ServerFrame> Map<T>(Task<T> call, Func<T, ServerFrame> answer) => answer(await call.ConfigureAwait(false));

    private static async Task<ServerFrame> OkAsync(Task call)
    {
        await call.ConfigureAwait(false);
        return Ok();
    }

    private static ServerFrame Ok() => new() { Ok = new Empty() };

    private static ServerFrame Ok(Action call)
    {
        call();
        return Ok();
    }

    /// <summary>A request answered at once (its exceptions are thrown here, inside <see cref="AnswerAsync"/>'s handlers).</summary>
    private static Task<ServerFrame> Answer(Func<ServerFrame> call) => Task.FromResult(call());

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
}
