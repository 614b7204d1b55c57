using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Server.Hosting;
using OpenLive.Server.Wire;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <inheritdoc cref="ICallGrain"/>
/// <remarks>
/// The grain is the single place a call's races are decided: Orleans runs one request at a time, so an accept and a
/// cancel that cross are ordered here, and the loser gets 1802 (or 8008). It awaits user grains (which never call back)
/// and, when the call ends, its room's grain; the room reaches it only one-way (<see cref="ParticipantDropped"/>), so
/// the two cannot wait on each other. State is in memory: a node's loss ends the calls it held (clients see end code 6).
/// </remarks>
internal sealed class CallGrain([FromKeyedServices(ServerClock.Key)] TimeProvider time, Webhooks.IWebhooks webhooks) : Grain, ICallGrain
{
    // An ended call answers late requests with the right code for a while, then goes.
    private static readonly TimeSpan EndedRetention = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, Participant> _members = new(StringComparer.Ordinal);
    private CallSetup? _setup;
    private bool _established;
    private bool _ended;
    private DateTimeOffset _startedAt;

    private (uint SdkAppId, ulong CallId) _id;

    // The key never changes for an activation: parsed once, not at every participant a loop reaches.
    private (uint SdkAppId, ulong CallId) Id => _id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (app, rest) = GrainKeys.Split(this.GetPrimaryKeyString());
        _id = (app, ulong.Parse(rest, System.Globalization.CultureInfo.InvariantCulture));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<RoomResult<CallView>> Make(CallSetup setup)
    {
        if (_setup is not null)
        {
            return RoomError.Of(ILiveErrorCode.AlreadyExist, "the call id is taken");
        }

        if (!await User(setup.SponsorUserId).EnterCall(Id.CallId, setup.SponsorSessionId))
        {
            return RoomError.Of(ILiveErrorCode.AlreadyInRoom, "already in another call");
        }

        _setup = setup;
        _startedAt = time.GetUtcNow();
        _members[setup.SponsorUserId] = new Participant(setup.SponsorUserId) { Status = CallMemberStatus.InCall };
        foreach (var invitee in setup.InviteeUserIds)
        {
            _members[invitee] = new Participant(invitee) { Status = CallMemberStatus.Ringing, Inviter = setup.SponsorUserId };
        }

        Hook("call.started", setup.SponsorUserId, null);
        foreach (var invitee in setup.InviteeUserIds)
        {
            await RingAsync(_members[invitee], setup.SponsorUserId);
        }

        // A one-to-one call to a busy user ends at once (end code 5); a group call only when nobody is left to ring.
        await EndIfNobodyLeftAsync(CallEnd.ResponderLineBusy, setup.InviteeUserIds.Length == 1 ? setup.InviteeUserIds[0] : null);
        return ViewNow();
    }

    public async Task<RoomResult<CallView>> Accept(string userId, Guid sessionId)
    {
        if (_setup is null || _ended || !_members.TryGetValue(userId, out var member) || member.Status != CallMemberStatus.Ringing)
        {
            return RoomError.Of(AVErrorCode.AcceptFailed, NoInvitation(userId));
        }

        if (!await User(userId).EnterCall(Id.CallId, sessionId))
        {
            return RoomError.Of(ILiveErrorCode.AlreadyInRoom, "already in another call: hang it up first");
        }

        member.StopTimer();
        member.Status = CallMemberStatus.InCall;
        await TellOthersAsync(member);
        if (!_established && InCallCount() >= 2)
        {
            _established = true;
            var established = CallWire.EstablishedFrame(ViewNow()).AsImmutable();
            foreach (var other in _members.Values.Where(m => m.Status == CallMemberStatus.InCall && m.UserId != userId))
            {
                await User(other.UserId).PushCall(established);
            }
        }

        return ViewNow();
    }

    public async Task<RoomResult> Refuse(string userId, Guid sessionId)
    {
        if (_setup is null || _ended || !_members.TryGetValue(userId, out var member) || member.Status != CallMemberStatus.Ringing)
        {
            return RoomError.Of(AVErrorCode.RefuseFailed, NoInvitation(userId));
        }

        member.StopTimer();
        member.Status = CallMemberStatus.Refused;
        await User(userId).StopRinging(Id.CallId, frame: null, answeredBy: sessionId);
        await TellOthersAsync(member);
        await EndIfNobodyLeftAsync(CallEnd.ResponderRefuse, userId);
        return RoomResult.Ok;
    }

    public async Task<RoomResult> Cancel(string userId)
    {
        if (WrongState(userId, sponsorOnly: true) is { } refused)
        {
            return refused;
        }

        if (_established)
        {
            return RoomError.Of(ILiveErrorCode.WrongState, "the call was answered: hang up instead");
        }

        await EndAsync(CallEnd.SponsorCancel, userId, "the caller cancelled");
        return RoomResult.Ok;
    }

    public async Task<RoomResult> HangUp(string userId)
    {
        if (WrongState(userId, sponsorOnly: false) is { } refused)
        {
            return refused;
        }

        if (!_established && userId == _setup!.SponsorUserId)
        {
            // The sponsor hanging up before anyone answered is a cancel (CallSDK's endCall while ringing).
            await EndAsync(CallEnd.SponsorCancel, userId, "the caller cancelled");
            return RoomResult.Ok;
        }

        var member = _members[userId];
        member.Status = CallMemberStatus.Left;
        await User(userId).LeaveCall(Id.CallId, frame: null);
        await TellOthersAsync(member);
        if (!_setup!.Group || InCallCount() < 2)
        {
            await EndAsync(CallEnd.Hangup, userId, $"{userId} hung up");
        }

        return RoomResult.Ok;
    }

    public async Task<RoomResult<CallView>> Invite(string inviterUserId, string[] userIds)
    {
        if (WrongState(inviterUserId, sponsorOnly: false) is { } refused)
        {
            return refused;
        }

        if (!_setup!.Group)
        {
            return RoomError.Of(ILiveErrorCode.WrongState, "a one-to-one call cannot add members: make a group call");
        }

        foreach (var userId in userIds)
        {
            if (_members.TryGetValue(userId, out var existing) && existing.Status is CallMemberStatus.Ringing or CallMemberStatus.InCall)
            {
                return RoomError.Of(AVErrorCode.InviteFailed, $"\"{userId}\" is already {(existing.Status == CallMemberStatus.InCall ? "in the call" : "invited")}");
            }
        }

        if (_members.Values.Count(m => m.Status is CallMemberStatus.Ringing or CallMemberStatus.InCall) + userIds.Length > _setup.MaxParticipants)
        {
            return RoomError.Of(ILiveErrorCode.InvalidParam, $"a call has at most {_setup.MaxParticipants} participants (OpenLive:Calls:MaxInvitees + the sponsor)");
        }

        foreach (var userId in userIds)
        {
            var member = _members[userId] = new Participant(userId) { Status = CallMemberStatus.Ringing, Inviter = inviterUserId };
            await RingAsync(member, inviterUserId);
        }

        return ViewNow();
    }

    public async Task ParticipantDropped(string userId)
    {
        if (_setup is null || _ended || !_members.TryGetValue(userId, out var member) || member.Status != CallMemberStatus.InCall)
        {
            return;
        }

        member.Status = CallMemberStatus.Disconnected;
        await User(userId).LeaveCall(Id.CallId, frame: null);
        await TellOthersAsync(member);
        if ((!_established && userId == _setup.SponsorUserId) || !_setup.Group || InCallCount() < 2)
        {
            await EndAsync(CallEnd.Disconnect, userId, $"{userId}'s connection was lost");
        }
    }

    public async Task<bool> Reclaim(string reason)
    {
        if (_setup is null || _ended)
        {
            return false;
        }

        await EndAsync(CallEnd.Disconnect, null, reason);
        return true;
    }

    public Task<CallView?> View() => Task.FromResult(_setup is null || _ended ? null : (CallView?)ViewNow());

    private CallView ViewNow() =>
        new(Id.CallId, _setup!.Kind, _setup.SponsorUserId, [.. _members.Values.Select(m => new CallParticipant(m.UserId, m.Status))], _setup.Group, _startedAt);

    /// <summary>Rings <paramref name="member"/>: busy users are marked so at once, others get a timer.</summary>
    private async Task RingAsync(Participant member, string inviterUserId)
    {
        var ringUntil = time.GetUtcNow() + _setup!.RingTimeout;
        var invitation = new CallInvitationInfo(ViewNow(), inviterUserId, _setup.Tips, _setup.CustomData, ringUntil);
        if (await User(member.UserId).Ring(invitation, CallWire.IncomingFrame(invitation).AsImmutable()) == RingOutcome.Busy)
        {
            member.Status = CallMemberStatus.Busy;
            await TellOthersAsync(member);
            return;
        }

        member.Timer = this.RegisterGrainTimer(
            static (state, _) => state.Grain.RingTimedOut(state.UserId, state.Member),
            (Grain: this, member.UserId, Member: member),
            _setup.RingTimeout,
            Timeout.InfiniteTimeSpan);
    }

    private async Task RingTimedOut(string userId, Participant member)
    {
        if (_ended || member.Status != CallMemberStatus.Ringing || !ReferenceEquals(_members.GetValueOrDefault(userId), member))
        {
            return;
        }

        member.StopTimer();
        member.Status = CallMemberStatus.TimedOut;
        var info = $"no answer within {_setup!.RingTimeout.TotalSeconds:0.#} s";
        await User(userId).StopRinging(Id.CallId, CallWire.EndedFrame(Id.CallId, CallEnd.SponsorTimeout, info, null).AsImmutable(), Guid.Empty);
        await TellOthersAsync(member);
        await EndIfNobodyLeftAsync(CallEnd.SponsorTimeout, null);
    }

    /// <summary>
    /// After an invitee dropped out (refused, busy, timed out): a one-to-one call ends; a group call ends when nobody
    /// rings any more and fewer than two are in it.
    /// </summary>
    private async Task EndIfNobodyLeftAsync(CallEnd code, string? byUserId)
    {
        if (_ended)
        {
            return;
        }

        var ringing = _members.Values.Count(m => m.Status == CallMemberStatus.Ringing);
        var nobodyLeft = ringing == 0 && InCallCount() < 2;
        if (nobodyLeft || (!_setup!.Group && ringing == 0 && !_established))
        {
            var info = code switch
            {
                CallEnd.ResponderLineBusy => $"{byUserId ?? "every invitee"} is busy in another call",
                CallEnd.ResponderRefuse => $"{byUserId} refused",
                _ => $"no answer within {_setup!.RingTimeout.TotalSeconds:0.#} s",
            };
            await EndAsync(code, byUserId, info);
        }
    }

    /// <summary>Ends the call for everyone still in it or ringing, with one reason, and ends its room.</summary>
    private async Task EndAsync(CallEnd code, string? byUserId, string info)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        var (app, callId) = Id;
        var ended = CallWire.EndedFrame(callId, code, info, byUserId).AsImmutable();
        foreach (var member in _members.Values)
        {
            member.StopTimer();
            switch (member.Status)
            {
                case CallMemberStatus.Ringing:
                    await User(member.UserId).StopRinging(callId, ended, Guid.Empty);
                    break;
                case CallMemberStatus.InCall:
                    await User(member.UserId).LeaveCall(callId, ended);
                    break;
            }
        }

        // Members still in the room get its closure after the call's end; the room's grain goes with it.
        await GrainFactory.GetGrain<IRoomAdministration>(CallRooms.RoomKey(app, callId)).AdminDismiss();
        Hook("call.ended", byUserId, code);
        DelayDeactivation(EndedRetention);
    }

    /// <summary>8008 for an operation the user's place in the call does not allow.</summary>
    private RoomError? WrongState(string userId, bool sponsorOnly)
    {
        if (_setup is null)
        {
            DeactivateOnIdle();
            return RoomError.Of(ILiveErrorCode.WrongState, "no such call");
        }

        if (_ended)
        {
            return RoomError.Of(ILiveErrorCode.WrongState, "the call has ended");
        }

        if (sponsorOnly && userId != _setup.SponsorUserId)
        {
            return RoomError.Of(ILiveErrorCode.WrongState, "only the caller can cancel the call");
        }

        return !_members.TryGetValue(userId, out var member) || member.Status != CallMemberStatus.InCall
            ? RoomError.Of(ILiveErrorCode.WrongState, "not in the call")
            : null;
    }

    private string NoInvitation(string userId)
    {
        if (_setup is null)
        {
            DeactivateOnIdle();
            return "no such call";
        }

        if (_ended)
        {
            return "the call has ended";
        }

        return _members.TryGetValue(userId, out var member)
            ? $"the invitation no longer rings ({member.Status switch
            {
                CallMemberStatus.InCall => "already accepted",
                CallMemberStatus.Refused => "refused",
                CallMemberStatus.TimedOut => "timed out",
                CallMemberStatus.Busy => "busy",
                _ => "left",
            }})"
            : "not invited to this call";
    }

    private int InCallCount() => _members.Values.Count(m => m.Status == CallMemberStatus.InCall);

    /// <summary>Tells every other participant in the call, and the sponsor, that <paramref name="member"/>'s state changed.</summary>
    private async Task TellOthersAsync(Participant member)
    {
        var frame = CallWire.MemberFrame(Id.CallId, new CallParticipant(member.UserId, member.Status)).AsImmutable();
        foreach (var other in _members.Values)
        {
            if (other.UserId != member.UserId && other.Status == CallMemberStatus.InCall)
            {
                await User(other.UserId).PushCall(frame);
            }
        }
    }

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(Id.SdkAppId, userId));

    private void Hook(string name, string? userId, CallEnd? code)
    {
        if (!webhooks.Enabled || _setup is null)
        {
            return;
        }

        var (app, callId) = Id;
        var now = time.GetUtcNow();
        var call = new Webhooks.WebhookCall(callId, _setup.Kind == CallKind.Video ? "video" : "audio", _setup.SponsorUserId, [.. _members.Keys.Where(k => k != _setup.SponsorUserId)],
            code is { } end ? (int)end : null, code is null ? null : (long)(now - _startedAt).TotalSeconds);
        webhooks.Publish(new Webhooks.WebhookEvent(name, app, now.ToUnixTimeSeconds(), UserId: userId, RoomId: CallRooms.RoomName(callId).Text, Call: call));
    }

    /// <summary>One participant: its state, who invited it, and its ring timer while it rings.</summary>
    private sealed class Participant(string userId)
    {
        public string UserId { get; } = userId;

        public CallMemberStatus Status { get; set; }

        public string? Inviter { get; init; }

        public IGrainTimer? Timer { get; set; }

        public void StopTimer()
        {
            Timer?.Dispose();
            Timer = null;
        }
    }
}
