using System.Globalization;
using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>The peer's checks: answered, and they trigger ours (RFC 8445 §7.3).</summary>
public sealed partial class IceAgent
{
    private void HandleRequest(scoped in StunMessage request, IPEndPoint source, int localSocketId, TimeSpan now)
    {
        var verdict = IceRequestCheck.Check(request, LocalCredentials.UfragUtf8, remoteCredentials?.UfragUtf8 ?? [], localKey);
        switch (verdict)
        {
            case IceRequestVerdict.Drop:
                return;
            case IceRequestVerdict.BadRequest:
                Reply(IceResponses.WriteError(buffer, request, StunErrorCode.BadRequest, key: null), source, localSocketId);
                return;
            case IceRequestVerdict.Unauthorized:
                Reply(IceResponses.WriteError(buffer, request, StunErrorCode.Unauthorized, key: null), source, localSocketId);
                return;
            case IceRequestVerdict.UnknownAttribute:
                Reply(IceResponses.WriteError(buffer, request, StunErrorCode.UnknownAttribute, localKey), source, localSocketId);
                return;
        }

        if (!ResolveRoleConflict(request))
        {
            Reply(IceResponses.WriteError(buffer, request, StunErrorCode.RoleConflict, localKey), source, localSocketId);
            return;
        }

        Reply(IceResponses.WriteSuccess(buffer, request, source, localKey), source, localSocketId);
        var pair = PairFor(source, localSocketId, request.Priority!.Value);
        if (pair is null)
        {
            return;
        }

        // Triggered check (RFC 8445 §7.3.1.4): the peer reached us, so check back at once.
        if (pair.State is not (IcePairState.Succeeded or IcePairState.InProgress))
        {
            pair.State = IcePairState.Waiting;
            EnqueueTriggered(pair, first: false);
        }

        if (role == IceRole.Controlled && request.UseCandidate)
        {
            if (pair.State == IcePairState.Succeeded)
            {
                Select(pair, now);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }
    }

    /// <summary>
    /// RFC 8445 §7.3.1.1: both controlling — the larger tiebreaker keeps the role, the other switches or is told
    /// 487; both controlled — the larger tiebreaker takes control. False when the request gets a 487.
    /// </summary>
    private bool ResolveRoleConflict(scoped in StunMessage request)
    {
        if (role == IceRole.Controlling && request.IceControlling is { } theirs)
        {
            if (tiebreaker >= theirs)
            {
                return false;
            }

            SwitchRole();
        }
        else if (role == IceRole.Controlled && request.IceControlled is { } theirs2)
        {
            if (tiebreaker < theirs2)
            {
                return false;
            }

            SwitchRole();
        }

        return true;
    }

    /// <summary>
    /// The pair a check arrived on; a source we have no candidate for is a peer-reflexive candidate with the
    /// request's PRIORITY (RFC 8445 §7.3.1.3). Null when the socket is not one of ours or the lists are full.
    /// </summary>
    private IceCandidatePair? PairFor(IPEndPoint source, int localSocketId, uint priority)
    {
        var local = FindLocal(localSocketId);
        if (local is null)
        {
            return null;
        }

        var remote = FindRemote(source, tcp: local.ConnectedTo is not null);
        if (remote is null)
        {
            if (remotes.Count >= MaxRemoteCandidates)
            {
                return null;
            }

            var foundation = "prflx" + (++peerReflexiveCount).ToString(CultureInfo.InvariantCulture);
            remote = IceCandidate.ForUdp(foundation, 1, priority, source, IceCandidateType.PeerReflexive);
            remotes.Add(remote);
        }

        return FindPair(local, source) ?? AddPair(local, remote);
    }

    private void Reply(int length, IPEndPoint to, int localSocketId) => sender.Send(buffer.AsSpan(0, length), to, localSocketId);
}
