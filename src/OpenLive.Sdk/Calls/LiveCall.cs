using OpenLive.Protocol.V1;
using OpenLive.Sdk.Rooms;

namespace OpenLive.Sdk.Calls;

/// <summary>
/// A call this client takes part in (CallSDK's call after makeCall / acceptCall). A call is a room of its own:
/// <see cref="Room"/> publishes and subscribes as any room does, and its member events come from there; the call adds
/// who is invited, who answered, and how it ends.
/// </summary>
public sealed class LiveCall
{
    private readonly LiveClient _client;
    private readonly Lock _gate = new();
    private Dictionary<string, LiveCallMember> _members;
    private int _ended;

    internal LiveCall(LiveClient client, CallState state, LiveRoom room)
    {
        _client = client;
        CallId = state.CallId;
        Type = (LiveCallType)state.CallType;
        SponsorId = state.SponsorUserId;
        IsGroup = state.Group;
        Room = room;
        _members = state.Members.ToDictionary(m => m.UserId, LiveClient.ToMember, StringComparer.Ordinal);
        IsEstablished = _members.Values.Count(m => m.State == LiveCallMemberState.InCall) >= 2;
    }

    /// <summary>The call's id (the same on every participant's side).</summary>
    public ulong CallId { get; }

    /// <summary>Audio or video.</summary>
    public LiveCallType Type { get; }

    /// <summary>Who made the call.</summary>
    public string SponsorId { get; }

    /// <summary>A group call (members may be added; it goes on while two are in it).</summary>
    public bool IsGroup { get; }

    /// <summary>The call's room: publish, subscribe, member events.</summary>
    public LiveRoom Room { get; }

    /// <summary>Whether someone besides the sponsor has answered (CallSDK's onCallEstablish happened).</summary>
    public bool IsEstablished { get; private set; }

    /// <summary>Why the call ended, once it has.</summary>
    public LiveCallEndedEventArgs? EndReason { get; private set; }

    /// <summary>Everyone in the call or invited to it, with their states.</summary>
    public IReadOnlyList<LiveCallMember> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members.Values];
            }
        }
    }

    /// <summary>Someone besides the sponsor answered (CallSDK's onCallEstablish).</summary>
    public event EventHandler<EventArgs>? Established;

    /// <summary>A participant's state changed (accepted, refused, busy, timed out, left, disconnected).</summary>
    public event EventHandler<LiveCallMemberEventArgs>? MemberChanged;

    /// <summary>The call ended for this client (CallSDK's onCallEnd); also raised as <see cref="LiveClient.CallEnded"/>.</summary>
    public event EventHandler<LiveCallEndedEventArgs>? Ended;

    /// <summary>Leaves the call (CallSDK's endCall): a one-to-one call ends for both, a group call when fewer than two remain. The sponsor hanging up before anyone answered cancels.</summary>
    /// <exception cref="Core.Errors.LiveException">8008 when this client is no longer in the call.</exception>
    public Task HangUpAsync(CancellationToken cancellationToken = default) => _client.HangUpCallAsync(this, cancel: false, cancellationToken);

    /// <summary>The sponsor cancels the call while nobody has answered (end code 1 for the invitees).</summary>
    /// <exception cref="Core.Errors.LiveException">8008 when it was answered already (hang up instead) or this client did not make it.</exception>
    public Task CancelAsync(CancellationToken cancellationToken = default) => _client.HangUpCallAsync(this, cancel: true, cancellationToken);

    /// <summary>Invites more users into a group call (CallSDK's inviteUser).</summary>
    /// <exception cref="Core.Errors.LiveException">1801 a user already invited or in the call (or unknown to the app); 8008 not a group call; 8021 too many.</exception>
    public Task InviteAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default) => _client.InviteToCallAsync(this, userIds, cancellationToken);

    internal void OnEstablished()
    {
        if (!IsEstablished)
        {
            IsEstablished = true;
            _client.RaiseFor(Established, this, EventArgs.Empty);
        }
    }

    internal void OnMember(LiveCallMember member)
    {
        lock (_gate)
        {
            _members = new Dictionary<string, LiveCallMember>(_members, StringComparer.Ordinal) { [member.UserId] = member };
        }

        _client.RaiseFor(MemberChanged, this, new LiveCallMemberEventArgs(member));
    }

    internal void OnMembers(IEnumerable<LiveCallMember> members)
    {
        lock (_gate)
        {
            _members = members.ToDictionary(m => m.UserId, StringComparer.Ordinal);
        }
    }

    /// <summary>Ends the call once (the first reason wins); false when it had ended already.</summary>
    internal bool End(LiveCallEndedEventArgs reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        EndReason = reason;
        _client.RaiseFor(Ended, this, reason);
        return true;
    }
}
