using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>Responses to our checks (RFC 8445 §7.2.5).</summary>
public sealed partial class IceAgent
{
    private void HandleResponse(scoped in StunMessage response, IPEndPoint source, int localSocketId, TimeSpan now)
    {
        // Responses are signed with the peer's password; an unauthenticated one is dropped as if never received
        // (RFC 8489 §9.1.5), so an off-path 401 cannot fail a pair.
        if (remoteKey is null || (response.HasFingerprint && !response.IsFingerprintValid()) || !remoteKey.Verify(response))
        {
            return;
        }

        var id = response.TransactionId;
        if (consentChecks.Remove(id))
        {
            HandleConsentResponse(response, source, localSocketId, now);
            return;
        }

        if (!transactions.Remove(id, out var pair))
        {
            return;
        }

        pair.InFlight = false;
        // A response must come from where the check went, to the socket it left from (RFC 8445 §7.2.5.2.1).
        if (!source.Equals(pair.Remote.Endpoint) || localSocketId != pair.Local.SocketId)
        {
            FailPair(pair);
            return;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            HandleCheckError(response, pair);
            return;
        }

        Succeed(pair, now);
    }

    /// <summary>
    /// 487 means the peer holds our role and won the tiebreak: switch — unless an earlier 487 already made us — and
    /// check the pair again (RFC 8445 §7.2.5.1). Any other error fails the pair.
    /// </summary>
    private void HandleCheckError(scoped in StunMessage response, IceCandidatePair pair)
    {
        if (!response.TryGetErrorCode(out var code, out _) || code != StunErrorCode.RoleConflict)
        {
            FailPair(pair);
            return;
        }

        if (pair.CheckRole == role)
        {
            SwitchRole();
        }

        if (pair.State != IcePairState.Succeeded)
        {
            pair.State = IcePairState.Waiting;
        }

        EnqueueTriggered(pair, first: false);
    }

    /// <summary>
    /// The pair is valid; pairs of its foundation thaw (RFC 8445 §7.2.5.3.3). It is selected when this check
    /// nominated it (controlling), or when the peer nominated it before our check got through (controlled, §7.3.1.5).
    /// </summary>
    private void Succeed(IceCandidatePair pair, TimeSpan now)
    {
        pair.State = IcePairState.Succeeded;
        firstValidAt ??= now;
        foreach (var other in pairs)
        {
            if (other.State == IcePairState.Frozen && other.Foundation == pair.Foundation)
            {
                other.State = IcePairState.Waiting;
            }
        }

        if ((role == IceRole.Controlling && pair.CheckNominates) || (role == IceRole.Controlled && pair.NominateOnSuccess))
        {
            Select(pair, now);
        }
    }

    /// <summary>Makes <paramref name="pair"/> the one media uses, with fresh consent (RFC 8445 §8.1.1, RFC 7675 §5.1).</summary>
    private void Select(IceCandidatePair pair, TimeSpan now)
    {
        pair.NominateOnSuccess = false;
        if (ReferenceEquals(pair, nominating))
        {
            nominating = null;
        }

        var changed = !ReferenceEquals(pair, selected);
        selected = pair;
        lastConsentAt = now;
        nextConsentAt = now + NextConsentDelay();
        SetState(IceConnectionState.Connected, evenIfSame: changed);
    }
}
