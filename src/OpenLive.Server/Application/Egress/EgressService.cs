using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// iLiveSDK's push and record calls (startPushStream, stopPushStream, startRecordVideo, stopRecordVideo) for every edge:
/// checks the options (<see cref="EgressOptionValues"/>), a session's request rate, and asks the room grain
/// (<see cref="IRoomEgress"/>), which decides who may and runs the channel on its node.
/// </summary>
internal sealed class EgressService(IGrainFactory grains, IOptions<EgressPolicyOptions> policy, IConfiguration configuration, [FromKeyedServices(ServerClock.Key)] TimeProvider time)
{
    /// <summary>
    /// Where the operator lists an app's RTMP ingests: the live outputs' settings (<c>OpenLive:Egress:Live:Apps:{sdkAppId}:RtmpUrls</c>,
    /// validated at start by the live outputs), the one place for them. Only whether an app has any is decided here.
    /// </summary>
    internal const string RtmpIngestsSection = "OpenLive:Egress:Live:Apps";

    /// <summary>The most channel ids one StopPushStream names.</summary>
    internal const int MaxStopIds = 16;

    private readonly EgressPolicyOptions _policy = policy.Value;
    private readonly IConfigurationSection _ingests = configuration.GetSection(RtmpIngestsSection);

    /// <summary>startPushStream: the caller's own stream, or a member's named by <see cref="PushOptionValues.UserId"/>.</summary>
    public Task<RoomEgressChannel> StartPushStreamAsync(ClientSession session, PushOptionValues option)
    {
        var login = session.RequireLogin();
        var order = EgressOptionValues.PushOrder(option, option.UserId.Length == 0 ? login.UserId : option.UserId, RtmpIngestsOf(login.SdkAppId));
        return StartAsync(session, login, order);
    }

    /// <summary>startRecordVideo: a recording of the caller's stream (or a named member's), stopped by <see cref="StopRecordVideoAsync"/>.</summary>
    public Task<RoomEgressChannel> StartRecordVideoAsync(ClientSession session, RecordOptionValues option)
    {
        var login = session.RequireLogin();
        var order = EgressOptionValues.RecordOrder(option, option.UserId.Length == 0 ? login.UserId : option.UserId);
        return StartAsync(session, login, order);
    }

    public async Task StopPushStreamAsync(ClientSession session, IReadOnlyList<ulong> channelIds)
    {
        if (channelIds.Count is 0 or > MaxStopIds || channelIds.Contains(0UL))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"name 1 to {MaxStopIds} channel ids, none 0");
        }

        var (login, room) = Admit(session);

        (await grains.GetGrain<IRoomEgress>(room.Key).StopEgress(login.UserId, session.Id, [.. channelIds.Distinct()]).ConfigureAwait(false)).ThrowIfFailed();
    }

    public async Task<string[]> StopRecordVideoAsync(ClientSession session)
    {
        var (login, room) = Admit(session);
        return (await grains.GetGrain<IRoomEgress>(room.Key).StopRecordVideo(login.UserId, session.Id).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The admin API: a room's running channels (10009 when the room does not exist).</summary>
    public async Task<RoomEgressChannel[]> AdminListAsync(string roomKey) =>
        (await grains.GetGrain<IRoomEgress>(roomKey).AdminEgress().ConfigureAwait(false)).GetValueOrThrow();

    /// <summary>The admin API: a channel for any member of any room (the same option checks; no rights check).</summary>
    public async Task<RoomEgressChannel> AdminStartAsync(uint sdkAppId, string roomKey, PushOptionValues option)
    {
        var order = EgressOptionValues.PushOrder(option, option.UserId, RtmpIngestsOf(sdkAppId));
        return (await grains.GetGrain<IRoomEgress>(roomKey).AdminStartEgress(order).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The admin API: stops one channel (8022 when the room runs no such channel).</summary>
    public async Task AdminStopAsync(string roomKey, ulong channelId) =>
        (await grains.GetGrain<IRoomEgress>(roomKey).AdminStopEgress(channelId).ConfigureAwait(false)).ThrowIfFailed();

    private string[] RtmpIngestsOf(uint sdkAppId) =>
        _ingests.GetSection(sdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetSection("RtmpUrls").Get<string[]>() ?? [];

    private async Task<RoomEgressChannel> StartAsync(ClientSession session, SessionLogin login, EgressOrder order)
    {
        var (_, room) = Admit(session);
        return (await grains.GetGrain<IRoomEgress>(room.Key).StartEgress(login.UserId, session.Id, order).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>
    /// Logged in, in a room, and within the session's egress request rate (8011 beyond it). Counted once the request
    /// passed its own checks: what reaches the room grain may start or stop work on the node (ffmpeg, files); refused
    /// garbage is bounded by the connection's frame rate.
    /// </summary>
    private (SessionLogin Login, SessionRoom Room) Admit(ClientSession session)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        session.EgressRate ??= new RateLimiter(_policy.MaxRequestsPerSecond, time);
        if (!session.EgressRate.TryAcquire())
        {
            throw new LiveException(ILiveErrorCode.BusyHere, $"more than {_policy.MaxRequestsPerSecond} push/record requests per second (OpenLive:EgressPolicy:MaxRequestsPerSecond); this one was not done");
        }

        return (login, room);
    }
}
