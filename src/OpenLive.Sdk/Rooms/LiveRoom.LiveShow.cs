using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Rooms;

/// <summary>The live-show layer (iLiveSDK's TILLiveManager): co-host invitations, role up/down, kick, mute.</summary>
public sealed partial class LiveRoom
{
    /// <summary>The room's owner invited this member to co-host (answer with Accept/RejectCoHostInviteAsync).</summary>
    public event EventHandler<CoHostEventArgs>? CoHostInvited;

    /// <summary>The owner withdrew its invitation.</summary>
    public event EventHandler<CoHostEventArgs>? CoHostInviteCanceled;

    /// <summary>(Owner) an invited member answered.</summary>
    public event EventHandler<CoHostEventArgs>? CoHostAnswered;

    /// <summary>
    /// An invitation's time ran out unanswered (the server closed it): for the invitee, <see cref="CoHostEventArgs.UserId"/>
    /// is the owner; for the owner, the invitee. It is no longer pending on either side.
    /// </summary>
    public event EventHandler<CoHostEventArgs>? CoHostInviteExpired;

    /// <summary>(Invitee) the owner whose co-host invitation is open for this member; null when none.</summary>
    public string? PendingCoHostInvitation
    {
        get
        {
            lock (_coHostGate)
            {
                return _pendingInvitationFrom;
            }
        }
    }

    /// <summary>(Owner) the members it invited to co-host who have not answered yet (the invitation neither cancelled nor expired).</summary>
    public IReadOnlyCollection<string> PendingCoHostInvites
    {
        get
        {
            lock (_coHostGate)
            {
                return [.. _pendingInvites];
            }
        }
    }

    private readonly Lock _coHostGate = new();
    private readonly HashSet<string> _pendingInvites = new(StringComparer.Ordinal);
    private string? _pendingInvitationFrom;

    /// <summary>(Owner) invites a member to co-host; it is pending (<see cref="PendingCoHostInvites"/>) until answered, cancelled or expired (60 s by default, at most 600 s).</summary>
    /// <exception cref="LiveException">1801 the user cannot be invited (not a connected member); 10003 not the owner; 8021 longer than 600 s.</exception>
    public async Task InviteCoHostAsync(string userId, TimeSpan? expiresAfter = null, CancellationToken cancellationToken = default)
    {
        await RequestAsync(new ClientFrame { InviteCoHost = new InviteCoHost { UserId = RequireUser(userId), ExpireSeconds = (uint)Math.Ceiling(expiresAfter?.TotalSeconds ?? 0) } }, cancellationToken)
            .ConfigureAwait(false);
        lock (_coHostGate)
        {
            _pendingInvites.Add(userId);
        }
    }

    /// <summary>(Owner) withdraws an open invitation (8022 when there is none).</summary>
    public async Task CancelCoHostInviteAsync(string userId, CancellationToken cancellationToken = default)
    {
        await RequestAsync(new ClientFrame { CancelCoHostInvite = new CancelCoHostInvite { UserId = RequireUser(userId) } }, cancellationToken).ConfigureAwait(false);
        lock (_coHostGate)
        {
            _pendingInvites.Remove(userId);
        }
    }

    /// <summary>Accepts the open invitation and becomes a co-host (role <paramref name="coHostRole"/>, default LiveGuest) in one step.</summary>
    /// <exception cref="LiveException">1802 when there is no open invitation (cancelled or expired).</exception>
    public async Task AcceptCoHostInviteAsync(string? coHostRole = null, CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        var reply = await _client.RoomRequestAsync(new ClientFrame { AnswerCoHostInvite = new AnswerCoHostInvite { Accept = true, CoHostRole = coHostRole ?? string.Empty } }, cancellationToken).ConfigureAwait(false);
        ClearPendingInvitation();
        Apply(reply.Room);
    }

    /// <summary>Refuses the open invitation (1803 when there is none).</summary>
    public async Task RejectCoHostInviteAsync(CancellationToken cancellationToken = default)
    {
        await RequestAsync(new ClientFrame { AnswerCoHostInvite = new AnswerCoHostInvite { Accept = false } }, cancellationToken).ConfigureAwait(false);
        ClearPendingInvitation();
    }

    private void ClearPendingInvitation()
    {
        lock (_coHostGate)
        {
            _pendingInvitationFrom = null;
        }
    }

    /// <summary>Becomes a video member (TILLiveManager's upToVideoMember): changes role to <paramref name="role"/>.</summary>
    public Task UpToVideoMemberAsync(string role = "LiveGuest", CancellationToken cancellationToken = default) => ChangeRoleAsync(role, cancellationToken);

    /// <summary>Goes back to the audience (TILLiveManager's downToVideoMember): changes role to <paramref name="role"/>.</summary>
    public Task DownToNormalMemberAsync(string role = "Guest", CancellationToken cancellationToken = default) => ChangeRoleAsync(role, cancellationToken);

    /// <summary>(Owner) removes a member; it gets <see cref="Ended"/> with the reason, the others an OUT event.</summary>
    /// <exception cref="LiveException">10003 not the owner; 10010 no such member.</exception>
    public Task KickAsync(string userId, string? reason = null, CancellationToken cancellationToken = default) =>
        RequestAsync(new ClientFrame { KickMember = new KickMember { UserId = RequireUser(userId), Reason = reason ?? string.Empty } }, cancellationToken);

    /// <summary>(Owner) mutes a member's room chat for <paramref name="duration"/> (<see cref="TimeSpan.Zero"/> unmutes); its messages then fail with 10003.</summary>
    public Task MuteAsync(string userId, TimeSpan duration, CancellationToken cancellationToken = default) =>
        RequestAsync(new ClientFrame { MuteMember = new MuteMember { UserId = RequireUser(userId), Seconds = (uint)Math.Ceiling(duration.TotalSeconds) } }, cancellationToken);

    /// <summary>Turns the server's live commands (marked <c>server_command</c>) into the room's co-host events.</summary>
    internal void OnLiveCommand(string from, int command)
    {
        var args = new CoHostEventArgs(from, command == LiveCommandIds.Agree);
        lock (_coHostGate)
        {
            switch (command)
            {
                case LiveCommandIds.Invite:
                    _pendingInvitationFrom = from;
                    break;
                case LiveCommandIds.InviteCancel:
                    _pendingInvitationFrom = null;
                    break;
                case LiveCommandIds.Agree or LiveCommandIds.Reject:
                    _pendingInvites.Remove(from);
                    break;
                case LiveCommandIds.InviteExpired:
                    // To the invitee the parameter is the owner, to the owner the invitee: clear whichever side this is.
                    if (_pendingInvitationFrom == from)
                    {
                        _pendingInvitationFrom = null;
                    }

                    _pendingInvites.Remove(from);
                    break;
            }
        }

        switch (command)
        {
            case LiveCommandIds.Invite:
                _client.RaiseFor(CoHostInvited, this, args);
                break;
            case LiveCommandIds.InviteCancel:
                _client.RaiseFor(CoHostInviteCanceled, this, args);
                break;
            case LiveCommandIds.Agree or LiveCommandIds.Reject:
                _client.RaiseFor(CoHostAnswered, this, args);
                break;
            case LiveCommandIds.InviteExpired:
                _client.RaiseFor(CoHostInviteExpired, this, args);
                break;
        }
    }

    private async Task RequestAsync(ClientFrame request, CancellationToken cancellationToken)
    {
        EnsureEntered();
        await _client.RoomRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string RequireUser(string userId) =>
        userId ?? throw new LiveException(ILiveErrorCode.NullPointer, "userId is null");
}

/// <summary>A co-host invitation event: who it concerns and, for answers, whether it was accepted.</summary>
public sealed class CoHostEventArgs(string userId, bool accepted) : EventArgs
{
    /// <summary>The inviter (for invitations and cancellations) or the invitee (for answers).</summary>
    public string UserId { get; } = userId;

    /// <summary>For <see cref="LiveRoom.CoHostAnswered"/>: true when accepted.</summary>
    public bool Accepted { get; } = accepted;
}
