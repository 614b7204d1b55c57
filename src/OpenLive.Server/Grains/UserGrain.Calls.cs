using OpenLive.Server.Wire;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// The user's side of calls: which call it is in (for CallSDK's auto-busy) and on which device, and which invitations
/// ring for it — on every device, until one answers. In memory: a node's loss ends its calls (end code 6 on the
/// clients' side), and nothing rings forever.
/// </summary>
internal sealed partial class UserGrain
{
    private readonly Dictionary<ulong, CallInvitationInfo> _ringing = [];
    private ulong _call;
    private Guid _callSession;

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
        PushToAll(incomingFrame, except: Guid.Empty);
        KeepAliveUntil(invitation.RingUntil);
        return Task.FromResult(RingOutcome.Ringing);
    }

    public Task StopRinging(ulong callId, Immutable<byte[]>? frame, Guid answeredBy)
    {
        if (_ringing.Remove(callId))
        {
            if (frame is { } push)
            {
                PushToAll(push, except: answeredBy);
            }
            else if (answeredBy != Guid.Empty)
            {
                // Refused on one device: it stops ringing on the others.
                PushToAll(AnsweredElsewhere(callId, "refused on another device"), except: answeredBy);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> EnterCall(ulong callId, Guid sessionId)
    {
        if (_call != 0 && _call != callId)
        {
            return Task.FromResult(false);
        }

        _call = callId;
        _callSession = sessionId;
        if (_ringing.Remove(callId))
        {
            // The first device to answer takes the call; it stops ringing on the others.
            PushToAll(AnsweredElsewhere(callId, "answered on another device"), except: sessionId);
        }

        DelayDeactivation(KeepAlive);
        return Task.FromResult(true);
    }

    public Task LeaveCall(ulong callId, Immutable<byte[]>? frame)
    {
        var wasIn = _call == callId;
        var callSession = _callSession;
        if (wasIn)
        {
            _call = 0;
            _callSession = Guid.Empty;
        }

        var wasRinging = _ringing.Remove(callId);
        if (frame is { } push)
        {
            if (wasIn)
            {
                PushTo(callSession, push);
            }
            else if (wasRinging)
            {
                PushToAll(push, except: Guid.Empty);
            }
        }

        if (_sessions.Count == 0 && !HoldsCallState)
        {
            DelayDeactivation(TimeSpan.FromSeconds(-1));
        }

        return Task.CompletedTask;
    }

    public Task PushCall(Immutable<byte[]> frame)
    {
        // Events of the call go to the device in it.
        if (_call != 0)
        {
            PushTo(_callSession, frame);
        }

        return Task.CompletedTask;
    }

    public Task<CallInvitationInfo[]> Ringing()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_ringing.Values.Where(invitation => invitation.RingUntil > now).ToArray());
    }

    private static Immutable<byte[]> AnsweredElsewhere(ulong callId, string info) =>
        CallWire.EndedFrame(callId, CallEnd.AnsweredElsewhere, info, null).AsImmutable();

    private void PushToAll(Immutable<byte[]> frame, Guid except)
    {
        foreach (var session in _sessions)
        {
            if (session.Id != except)
            {
                session.Observer.CallEvent(frame);
            }
        }
    }

    private void PushTo(Guid sessionId, Immutable<byte[]> frame)
    {
        if (_sessions.Find(s => s.Id == sessionId) is { } session)
        {
            session.Observer.CallEvent(frame);
        }
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
        if (_sessions.Count == 0)
        {
            DelayDeactivation(until - time.GetUtcNow() + TimeSpan.FromSeconds(5));
        }
    }
}
