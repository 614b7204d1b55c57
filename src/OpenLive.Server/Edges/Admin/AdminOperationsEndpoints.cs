using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Im;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Storage;
using Orleans.Concurrency;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// Operating an app through <c>/admin/v1/apps/{sdkAppId}/…</c>: online users, kicks, rooms and their members, dismissal,
/// system messages (sender <c>administrator</c>) and message history. Same key and error model as the app endpoints.
/// </summary>
internal static class AdminOperationsEndpoints
{
    public static void MapAdminOperations(this RouteGroupBuilder admin)
    {
        var app = admin.MapGroup("/apps/{sdkAppId}");

        app.MapGet("/users/online", async (uint sdkAppId, IGrainFactory grains) =>
            Results.Json(await grains.GetGrain<IAppDirectoryGrain>(sdkAppId).OnlineUsers().ConfigureAwait(false), AdminJson.Default.StringArray));

        app.MapPost("/users/{userId}/kick", async (uint sdkAppId, string userId, HttpRequest request, IGrainFactory grains) =>
        {
            var body = await ReadAsync(request, AdminJson.Default.KickRequest).ConfigureAwait(false);
            var kicked = await grains.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, userId))
                .Kick(string.IsNullOrEmpty(body?.Reason) ? "kicked by an administrator" : $"kicked by an administrator: {body.Reason}").ConfigureAwait(false);
            return kicked ? Results.NoContent() : AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.NotFound, $"\"{userId}\" is not online"));
        });

        app.MapGet("/rooms", async (uint sdkAppId, IGrainFactory grains) =>
        {
            var rooms = new List<RoomView>();
            foreach (var key in (await grains.GetGrain<IAppDirectoryGrain>(sdkAppId).Rooms().ConfigureAwait(false)).Keys)
            {
                var result = await grains.GetGrain<IRoomAdministration>(key).AdminState().ConfigureAwait(false);
                if (result.Value is { } room)
                {
                    rooms.Add(View(room));
                }
            }

            return Results.Json(rooms.ToArray(), AdminJson.Default.RoomViewArray);
        });

        app.MapGet("/rooms/{roomId}", async (uint sdkAppId, string roomId, IGrainFactory grains) =>
            Answer(await grains.GetGrain<IRoomAdministration>(RoomKey(sdkAppId, roomId)).AdminState().ConfigureAwait(false),
                room => Results.Json(View(room), AdminJson.Default.RoomView)));

        app.MapGet("/rooms/{roomId}/media", async (uint sdkAppId, string roomId, IGrainFactory grains) =>
            await grains.GetGrain<IRoomAdministration>(RoomKey(sdkAppId, roomId)).AdminMediaStats().ConfigureAwait(false) is { } members
                ? Results.Json([.. members.Select(View)], AdminJson.Default.MemberMediaViewArray)
                : AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(AVErrorCode.ServerRoomNotExist, $"room {roomId} does not exist")));

        app.MapDelete("/rooms/{roomId}", async (uint sdkAppId, string roomId, IGrainFactory grains) =>
            Answer(await grains.GetGrain<IRoomAdministration>(RoomKey(sdkAppId, roomId)).AdminDismiss().ConfigureAwait(false), Results.NoContent));

        app.MapPost("/messages", SendSystemMessageAsync);

        app.MapGet("/messages", (uint sdkAppId, string? user, string? peer, string? group, int? count, ulong? before, IMessageStore messages) =>
        {
            ConversationKey key;
            if (group is { Length: > 0 })
            {
                key = ConversationKey.Group(group);
            }
            else if (user is { Length: > 0 } && peer is { Length: > 0 })
            {
                key = ConversationKey.C2C(user, peer);
            }
            else
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "query ?group=ID or ?user=A&peer=B"));
            }

            var page = messages.History(sdkAppId, key, Math.Clamp(count ?? 50, 1, 500), before ?? 0);
            return Results.Json(page.Select(View).ToArray(), AdminJson.Default.MessageViewArray);
        });
    }

    private static async Task<IResult> SendSystemMessageAsync(uint sdkAppId, HttpRequest request, IMessageStore messages, IUserDirectory users, IGrainFactory grains, [FromKeyedServices(ServerClock.Key)] TimeProvider time)
    {
        var body = await ReadAsync(request, AdminJson.Default.SystemMessageRequest).ConfigureAwait(false);
        var elements = new List<MessageElement>();
        if (body?.Text is { Length: > 0 } text)
        {
            elements.Add(new MessageElement { Text = new TextElement { Text = text } });
        }

        if (body?.CustomData is { } data)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(data);
            }
            catch (FormatException)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "customData must be base64"));
            }

            elements.Add(new MessageElement { Custom = new CustomElement { Data = ByteString.CopyFrom(bytes), Desc = body.CustomDesc ?? string.Empty, Ext = body.CustomExt ?? string.Empty } });
        }

        if (body is null || elements.Count == 0 || (body.ToUser is null) == (body.ToGroup is null))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "give exactly one of toUser / toGroup, and text and/or customData"));
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var messageBody = new MessageBody();
        messageBody.Elements.Add(elements);
        var online = body.OnlineOnly ?? false;
        if (body.ToUser is { } userId)
        {
            if (!users.TryGetTinyId(sdkAppId, userId, out _))
            {
                return AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.NotFound, $"\"{userId}\" has never logged in"));
            }

            var user = grains.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, userId));
            if (online)
            {
                var id = ImFrames.NewOnlineMessageId();
                await user.Deliver(ImFrames.OnlineChat(id, UserIdRules.Administrator, messageBody.Elements, now)).ConfigureAwait(false);
                return Sent(id, 0, now);
            }

            var stored = messages.Append(sdkAppId, ConversationKey.C2C(UserIdRules.Administrator, userId), UserIdRules.Administrator, null, messageBody.ToByteArray(), now, inboxUser: userId);
            await user.Deliver(ImFrames.StoredChat(stored.Message, stored.ReceiverInboxSeq)).ConfigureAwait(false);
            return Sent(stored.Message);
        }

        var groupId = body.ToGroup!;
        if (RoomKeys.FromGroupId(groupId) is not { } groupRoom)
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(AVErrorCode.ServerRoomNotExist, $"no room has group \"{groupId}\""));
        }

        var roomKey = RoomKeys.Validate(sdkAppId, groupRoom).GrainKey;
        var room = grains.GetGrain<IRoomAdministration>(roomKey);
        var toGroup = new Conversation { GroupId = groupId };
        if (online)
        {
            var id = ImFrames.NewOnlineMessageId();
            return Answer(await room.PublishSystemMessage(ImFrames.OnlineFrame(id, UserIdRules.Administrator, toGroup, messageBody.Elements, now).AsImmutable()).ConfigureAwait(false),
                () => Sent(id, 0, now));
        }

        if (!(await room.AdminState().ConfigureAwait(false)).Succeeded)
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(AVErrorCode.ServerRoomNotExist, $"room \"{groupId}\" does not exist"));
        }

        var appended = messages.Append(sdkAppId, ConversationKey.Group(groupId), UserIdRules.Administrator, null, messageBody.ToByteArray(), now, inboxUser: null);
        await room.PublishSystemMessage(ImFrames.MessageFrame(appended.Message, toGroup, 0).AsImmutable()).ConfigureAwait(false);
        return Sent(appended.Message);
    }

    private static IResult Sent(StoredMessage message) => Sent(message.MessageId, message.Seq, message.SentAtMs);

    private static IResult Sent(string messageId, ulong seq, long sentAtMs) =>
        Results.Json(new SentView(messageId, seq, DateTimeOffset.FromUnixTimeMilliseconds(sentAtMs)), AdminJson.Default.SentView, statusCode: StatusCodes.Status201Created);

    /// <summary>A room in a path: digits that fit 32 bits are a numeric room id, anything else a string room id.</summary>
    private static string RoomKey(uint sdkAppId, string roomId) => RoomKeys.Validate(sdkAppId, RoomKeys.FromPathSegment(roomId)).GrainKey;

    private static IResult Answer(RoomResult result, Func<IResult> ok) => result.Error is { } error ? Failure(error) : ok();

    private static IResult Answer<T>(RoomResult<T> result, Func<T, IResult> ok) => result.Error is { } error ? Failure(error) : ok(result.Value!);

    private static IResult Failure(RoomError error) => AdminResults.Error(
        error.Code == (int)AVErrorCode.ServerRoomNotExist ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
        error.ToException());

    private static RoomView View(RoomSnapshot room) => new(
        room.Name.Text ?? room.Name.Number.ToString(CultureInfo.InvariantCulture),
        room.Name.Text is null,
        room.Name.GroupId,
        room.Owner,
        [.. room.Members.Select(m => new MemberView(m.UserId, m.TinyId.ToString(CultureInfo.InvariantCulture), m.Role, m.AuthBits,
            DateTimeOffset.FromUnixTimeMilliseconds(m.JoinedAtMs),
            m.MutedUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until.ToUnixTimeMilliseconds()) : null))], // milliseconds, as the wire has them
        room.Node ?? string.Empty,
        room.MediaEpoch,
        room.NodeSince);

    private static MemberMediaView View(MemberMediaStats member)
    {
        // The estimate and the want are the subscriber connection's: every received track carries the same.
        var receiving = member.Tracks.FirstOrDefault(t => !t.Publishing);
        var tracks = member.Tracks.Select(t => new TrackStatsView(
            t.Publishing ? "publish" : "subscribe",
            t.PublisherId,
            t.Source switch { MediaTrackSource.Audio => "audio", MediaTrackSource.Camera => "camera", _ => "screen" },
            t.Codec,
            t.BitrateBps / 1000,
            t.Packets,
            t.Bytes,
            Math.Max(0, t.PacketsLost),
            t.Nacks,
            t.KeyframeRequests,
            t.Layer,
            Math.Round(t.FractionLost, 4),
            Math.Round(t.JitterMs, 1),
            t.RoundTripMs is { } rtt ? Math.Round(rtt, 1) : null,
            t.FramesPerSecond,
            t.Width,
            t.Height)).ToArray();
        return new MemberMediaView(
            member.UserId,
            tracks.Where(t => t.Direction == "publish").Sum(t => t.BitrateKbps),
            tracks.Where(t => t.Direction == "subscribe").Sum(t => t.BitrateKbps),
            tracks,
            tracks.Where(t => t.Direction == "publish").Select(t => t.FractionLost).DefaultIfEmpty(0).Max(),
            tracks.Where(t => t.Direction == "subscribe").Select(t => t.FractionLost).DefaultIfEmpty(0).Max(),
            tracks.Select(t => t.RoundTripMs).Max(),
            receiving is null || receiving.AvailableBitrateBps == 0 ? null : receiving.AvailableBitrateBps / 1000,
            receiving?.WantedBitrateBps / 1000);
    }

    private static MessageView View(StoredMessage message)
    {
        var body = MessageBody.Parser.ParseFrom(message.Body);
        var text = ImFrames.TextOf(body.Elements);
        var custom = body.Elements.FirstOrDefault(e => e.ElementCase == MessageElement.ElementOneofCase.Custom)?.Custom;
        return new MessageView(message.MessageId, message.Seq, message.Sender, DateTimeOffset.FromUnixTimeMilliseconds(message.SentAtMs),
            text, custom is null ? null : Convert.ToBase64String(custom.Data.Span), custom?.Desc, custom?.Ext);
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (request.ContentLength is 0 or null && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        try
        {
            return await request.ReadFromJsonAsync(type).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Admin API error responses: iLiveSDK's (module, code, message) as JSON.</summary>
internal static class AdminResults
{
    public static IResult Error(int status, LiveException e) =>
        Results.Json(new ErrorBody(e.Module, e.Code, e.Message), AdminJson.Default.ErrorBody, statusCode: status);
}
