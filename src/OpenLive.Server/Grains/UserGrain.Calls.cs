using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// The user's side of calls: which call it is in (for CallSDK's auto-busy) and which invitations ring for it. In memory:
/// a node's loss ends its calls (end code 6 on the clients' side), and nothing rings forever.
/// </summary>
internal sealed partial class UserGrain
{
    private readonly Dictionary<ulong, CallInvitationInfo> _ringing = [];
    private ulong _call;

    /// <summary>Whether the grain must stay active for call state even with no session attached.</summary>
    private bool HoldsCallState => _call != 0 || _ringing.Count > 0;

    public Task<RingOutcome> Ring(CallInvitationInfo invitation, Immutable<byte[]> incomingFrame)
    {
        var callId = invitation.Call.CallId;
        if ((_call != 0 && _call != callId) || (!_ringing.ContainsKey(callId) && RingingNow() >= callOptions.Value.MaxRingingPerUser))
        {
            // In another call (CallSDK's auto-busy), or as many invitations ringing as a user may have: busy.
            return Task.FromResult(RingOutcome.Busy);
        }

        _ringing[callId] = invitation;
        _observer?.CallEvent(incomingFrame);
        KeepAliveUntil(invitation.RingUntil);
        return Task.FromResult(RingOutcome.Ringing);
    }

    public Task StopRinging(ulong callId, Immutable<byte[]>? frame)
    {
        if (_ringing.Remove(callId) && frame is { } push)
        {
            _observer?.CallEvent(push);
        }

        return Task.CompletedTask;
    }

    public Task<bool> EnterCall(ulong callId)
    {
        if (_call != 0 && _call != callId)
        {
            return Task.FromResult(false);
        }

        _call = callId;
        _ringing.Remove(callId);
        DelayDeactivation(KeepAlive);
        return Task.FromResult(true);
    }

    public Task LeaveCall(ulong callId, Immutable<byte[]>? frame)
    {
        var wasIn = _call == callId;
        if (wasIn)
        {
            _call = 0;
        }

        if ((_ringing.Remove(callId) || wasIn) && frame is { } push)
        {
            _observer?.CallEvent(push);
        }

        if (_observer is null && !HoldsCallState)
        {
            DelayDeactivation(TimeSpan.FromSeconds(-1));
        }

        return Task.CompletedTask;
    }

    public Task PushCall(Immutable<byte[]> frame)
    {
        _observer?.CallEvent(frame);
        return Task.CompletedTask;
    }

    public Task<CallInvitationInfo[]> Ringing()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_ringing.Values.Where(invitation => invitation.RingUntil > now).ToArray());
    }

    /// <summary>Invitations still ringing (expired ones are dropped here: their calls end them too, but a lost end must not hold a slot).</summary>
    private int RingingNow()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _ringing.Where(pair => pair.Value.RingUntil <= now).Select(pair => pair.Key).ToArray())
        {
            _ringing.Remove(expired);
        }

        return _ringing.Count;
    }

    /// <summary>Stays active at least until <paramref name="until"/> (and a little after), so an offline invitee's next login finds the invitation.</summary>
    private void KeepAliveUntil(DateTimeOffset until)
    {
        if (_observer is null)
        {
            DelayDeactivation(until - time.GetUtcNow() + TimeSpan.FromSeconds(5));
        }
    }
}
