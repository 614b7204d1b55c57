using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Calls;
using OpenLive.Sdk.Rooms;

namespace OpenLive.Sdk;

/// <summary>
/// Calls (iLiveSDK's CallSDK: ILVCallManager / TILCallManager), thin over rooms: making or accepting a call enters the
/// call's room, which then works as any room. One room at a time, so a call needs the client to be in no room.
/// </summary>
public sealed partial class LiveClient
{
    private readonly Lock _callGate = new();
    private readonly Dictionary<ulong, LiveCallInvitation> _ringing = [];
    private LiveCall? _call;

    // Call pushes that arrive while a make/accept is being answered, for a call this client does not have yet: the
    // server sends them after the answer, but the answer's continuation runs on another thread than the push loop,
    // so a push can be read before the call exists here. Kept (bounded) and replayed once it does.
    private List<CallEvent>? _earlyEvents;

    /// <summary>A call invites this user (CallSDK's onNewIncomingCall): pushed while online, or listed at login while it still rings.</summary>
    public event EventHandler<IncomingCallEventArgs>? IncomingCall;

    /// <summary>
    /// A call ended for this user (CallSDK's onCallEnd): a ringing invitation (cancelled, timed out, answered elsewhere)
    /// or the call it was in. <see cref="LiveCall.Ended"/> is raised for the latter too.
    /// </summary>
    public event EventHandler<LiveCallEndedEventArgs>? CallEnded;

    /// <summary>The call this client is in, if any.</summary>
    public LiveCall? CurrentCall => Volatile.Read(ref _call);

    /// <summary>The invitations ringing for this user now.</summary>
    public IReadOnlyList<LiveCallInvitation> RingingCalls
    {
        get
        {
            lock (_callGate)
            {
                return [.. _ringing.Values];
            }
        }
    }

    /// <summary>Calls one user (CallSDK's makeCall); the call rings until it answers, refuses or the ring time passes.</summary>
    /// <exception cref="LiveException">8021 bad options or user id (or the caller itself); 1801 a user the app does not know; 8010 in a room or a call; 8011 too many call requests.</exception>
    public Task<LiveCall> MakeCallAsync(string userId, LiveCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return MakeAsync([userId], options ?? new LiveCallOptions(), group: false, cancellationToken);
    }

    /// <summary>Calls several users (CallSDK's makeMutiCall): a group call, which members may add to and which goes on while two are in it.</summary>
    /// <exception cref="LiveException">As <see cref="MakeCallAsync"/>; 8021 for more invitees than the server allows.</exception>
    public Task<LiveCall> MakeGroupCallAsync(IReadOnlyList<string> userIds, LiveCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return MakeAsync(userIds, options ?? new LiveCallOptions(), group: true, cancellationToken);
    }

    /// <summary>Accepts a ringing invitation (CallSDK's acceptCall) and enters the call's room. The first accept wins.</summary>
    /// <exception cref="LiveException">
    /// 1802 when the invitation no longer rings (cancelled, timed out, answered elsewhere, ended) — an invitation still in
    /// <see cref="RingingCalls"/> then also ends with <see cref="LiveCallEndCode.NotExist"/>; 8010 in a room or another call;
    /// 1005 or 8012 when no answer came — the invitation then ends with <see cref="LiveCallEndCode.Failed"/>.
    /// </exception>
    public async Task<LiveCall> AcceptCallAsync(ulong callId, CancellationToken cancellationToken = default)
    {
        LiveCall reply;
        try
        {
            reply = await EnterCallAsync(new ClientFrame { AcceptCall = new AcceptCall { CallId = callId } }, cancellationToken).ConfigureAwait(false);
        }
        catch (LiveException e) when (e.Is(AVErrorCode.AcceptFailed))
        {
            ForgetInvitation(callId, LiveCallEndCode.NotExist, e.Detail ?? e.Message);
            throw;
        }
        catch (LiveException e) when (e.Is(AVErrorCode.Timeout) || e.Is(ILiveErrorCode.NetUndefine))
        {
            // No answer: whether the server took the accept is unknown, so the call could not be set up here. A taken
            // seat ends on the server when this session does not come back to it (the others get 6).
            ForgetInvitation(callId, LiveCallEndCode.Failed, e.Detail ?? e.Message);
            throw;
        }

        lock (_callGate)
        {
            _ringing.Remove(callId);
        }

        return reply;
    }

    /// <summary>Refuses a ringing invitation (CallSDK's rejectCall); the caller gets end code 3.</summary>
    /// <exception cref="LiveException">1803 when the invitation no longer rings (as for accept, a ringing one then ends with <see cref="LiveCallEndCode.NotExist"/>).</exception>
    public async Task RefuseCallAsync(ulong callId, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        try
        {
            await RequireConnection().RequestAsync(new ClientFrame { RefuseCall = new RefuseCall { CallId = callId } }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (LiveException e) when (e.Is(AVErrorCode.RefuseFailed))
        {
            ForgetInvitation(callId, LiveCallEndCode.NotExist, e.Detail ?? e.Message);
            throw;
        }

        lock (_callGate)
        {
            _ringing.Remove(callId);
        }
    }

    /// <summary>
    /// An answer to an invitation this client still has ringing failed: the server says it does not exist (its end
    /// crossed the app's answer: 100, ERR_CALL_NOT_EXIST), or an accept got no answer (101, ERR_CALL_FAILED). It ends
    /// here, once, so the app's ringing UI closes.
    /// </summary>
    private void ForgetInvitation(ulong callId, LiveCallEndCode code, string why)
    {
        bool wasRinging;
        lock (_callGate)
        {
            wasRinging = _ringing.Remove(callId);
        }

        if (wasRinging)
        {
            Raise(CallEnded, new LiveCallEndedEventArgs(callId, code, why, null));
        }
    }

    internal async Task HangUpCallAsync(LiveCall call, bool cancel, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        var request = cancel
            ? new ClientFrame { CancelCall = new CancelCall { CallId = call.CallId } }
            : new ClientFrame { HangUpCall = new HangUpCall { CallId = call.CallId } };
        await RequireConnection().RequestAsync(request, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        LeaveCall(call, new LiveCallEndedEventArgs(call.CallId, cancel || !call.IsEstablished && call.SponsorId == UserId ? LiveCallEndCode.SponsorCancel : LiveCallEndCode.Hangup,
            cancel ? "cancelled" : "hung up", UserId));
    }

    internal async Task InviteToCallAsync(LiveCall call, IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        ArgumentNullException.ThrowIfNull(userIds);
        var request = new InviteToCall { CallId = call.CallId };
        request.UserIds.Add(userIds);
        var reply = await RequireConnection().RequestAsync(new ClientFrame { InviteToCall = request }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        call.OnMembers(reply.Call.Members.Select(ToMember));
    }

    internal static LiveCallMember ToMember(CallMember member) => new(member.UserId, (LiveCallMemberState)member.State);

    private Task<LiveCall> MakeAsync(IReadOnlyList<string> userIds, LiveCallOptions options, bool group, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0 || userIds.Any(string.IsNullOrEmpty))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "a call names at least one user, and no empty user id");
        }

        if (options.Type is not (LiveCallType.Audio or LiveCallType.Video) || options.RingTimeout is { } t && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromSeconds(120)))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the call type is Audio or Video, and the ring timeout 1-120 s");
        }

        var request = new MakeCall
        {
            CallType = (CallType)options.Type,
            Tips = options.Tips ?? string.Empty,
            CustomData = ByteString.CopyFrom(options.CustomData.Span),
            TimeoutSeconds = options.RingTimeout is { } timeout ? (uint)Math.Ceiling(timeout.TotalSeconds) : 0,
            Group = group,
        };
        request.InviteeUserIds.Add(userIds);
        return EnterCallAsync(new ClientFrame { MakeCall = request }, cancellationToken);
    }

    /// <summary>Makes or accepts a call: one room operation (the room gate), answered with the call and its room.</summary>
    private async Task<LiveCall> EnterCallAsync(ClientFrame request, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        RequireConnection();
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (_room is { } current)
            {
                throw new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Id}; quit it before a call");
            }

            lock (_callGate)
            {
                _earlyEvents = [];
            }

            var reply = await RoomRequestAsync(request, cancellationToken).ConfigureAwait(false);
            var room = new LiveRoom(this, reply.Call.Room);
            room.StartQuality(new LiveRoomOptions().QualityInterval, _time);
            var call = new LiveCall(this, reply.Call, room);
            List<CallEvent> early;
            lock (_callGate)
            {
                _room = room;
                Volatile.Write(ref _call, call);
                early = _earlyEvents ?? [];
                _earlyEvents = null;
            }

            foreach (var push in early.Where(e => e.CallId == call.CallId))
            {
                OnCallEvent(push);
            }

            return call;
        }
        finally
        {
            lock (_callGate)
            {
                _earlyEvents = null;
            }

            _roomGate.Release();
        }
    }

    /// <summary>The call is over for this client: forget it and its room (quietly: the call's end says why), then tell the app once.</summary>
    private void LeaveCall(LiveCall call, LiveCallEndedEventArgs reason)
    {
        if (Interlocked.CompareExchange(ref _call, null, call) == call)
        {
            if (Interlocked.CompareExchange(ref _room, null, call.Room) == call.Room)
            {
                call.Room.End(null);
            }
        }

        if (call.End(reason))
        {
            Raise(CallEnded, reason);
        }
    }

    /// <summary>A call push: an invitation, the call established, a member's state, or an end (of the call or of a ringing invitation).</summary>
    private void OnCallEvent(CallEvent push)
    {
        LiveCall? current;
        lock (_callGate)
        {
            var call = _call;
            current = call?.CallId == push.CallId ? call : null;
            if (current is null && push.EventCase != CallEvent.EventOneofCase.Incoming && _earlyEvents is { Count: < 64 } early && !_ringing.ContainsKey(push.CallId))
            {
                early.Add(push);
                return;
            }
        }

        switch (push.EventCase)
        {
            case CallEvent.EventOneofCase.Incoming:
                Ring(push.Incoming);
                break;
            case CallEvent.EventOneofCase.Established when current is not null:
                current.OnMembers(push.Established.Members.Select(ToMember));
                current.OnEstablished();
                break;
            case CallEvent.EventOneofCase.Member when current is not null:
                current.OnMember(ToMember(push.Member));
                break;
            case CallEvent.EventOneofCase.Ended:
                var reason = new LiveCallEndedEventArgs(push.CallId, (LiveCallEndCode)push.Ended.Code, push.Ended.Info,
                    push.Ended.ByUserId.Length > 0 ? push.Ended.ByUserId : null);
                if (current is not null)
                {
                    LeaveCall(current, reason);
                }
                else
                {
                    bool wasRinging;
                    lock (_callGate)
                    {
                        wasRinging = _ringing.Remove(push.CallId);
                    }

                    if (wasRinging)
                    {
                        Raise(CallEnded, reason);
                    }
                }

                break;
        }
    }

    /// <summary>Takes an invitation (pushed, or listed at login) and tells the app, once per call.</summary>
    private void Ring(CallInvitation invitation)
    {
        var ringing = new LiveCallInvitation(invitation.CallId, (LiveCallType)invitation.CallType, invitation.SponsorUserId, invitation.InviterUserId,
            [.. invitation.Members.Select(ToMember)], invitation.Tips, invitation.CustomData.ToByteArray(), DateTimeOffset.FromUnixTimeMilliseconds(invitation.RingUntilMs), invitation.Group);
        lock (_callGate)
        {
            if (!_ringing.TryAdd(invitation.CallId, ringing))
            {
                return;
            }
        }

        Raise(IncomingCall, new IncomingCallEventArgs(ringing));
    }

    /// <summary>After a login: the invitations the server says still ring.</summary>
    private void RingAfterLogin(LoginResult result)
    {
        foreach (var invitation in result.RingingCalls)
        {
            Ring(invitation);
        }
    }

    /// <summary>
    /// After a resume: the server's list of ringing invitations is the truth. One ringing here but not there ended while
    /// the connection was down (its end push went to the lost connection), so it ends here with 100
    /// (ERR_CALL_NOT_EXIST) — otherwise the app would ring until the user answered; new ones ring.
    /// </summary>
    private void RingAfterResume(LoginResult result)
    {
        var stillRinging = result.RingingCalls.Select(invitation => invitation.CallId).ToHashSet();
        List<ulong> vanished = [];
        lock (_callGate)
        {
            foreach (var callId in _ringing.Keys)
            {
                if (!stillRinging.Contains(callId))
                {
                    vanished.Add(callId);
                }
            }

            foreach (var callId in vanished)
            {
                _ringing.Remove(callId);
            }
        }

        foreach (var callId in vanished)
        {
            Raise(CallEnded, new LiveCallEndedEventArgs(callId, LiveCallEndCode.NotExist, "the call ended while the connection was down", null));
        }

        RingAfterLogin(result);
    }

    /// <summary>
    /// The session is over, or a reconnect could not keep it: the call and the invitations are gone on the server too
    /// (its room dropped this user: end code 6 for the others), so they end here — with 102 (ERR_CALL_LOCAL_CANCEL) when
    /// the app ended the session itself (logout, stop), else with 6.
    /// </summary>
    private void EndCallsWithSession(string why, bool local)
    {
        var code = local ? LiveCallEndCode.LocalCancel : LiveCallEndCode.Disconnect;
        if (Volatile.Read(ref _call) is { } call)
        {
            LeaveCall(call, new LiveCallEndedEventArgs(call.CallId, code, why, null));
        }

        LiveCallInvitation[] ringing;
        lock (_callGate)
        {
            ringing = [.. _ringing.Values];
            _ringing.Clear();
        }

        foreach (var invitation in ringing)
        {
            Raise(CallEnded, new LiveCallEndedEventArgs(invitation.CallId, code, why, null));
        }
    }
}
