using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>The checklist: pairs, pacing, retransmission, nomination and failure (RFC 8445 §6.1.2–§6.1.4, §8.1).</summary>
public sealed partial class IceAgent
{
    private readonly List<IceCandidatePair> triggered = [];
    private readonly Dictionary<StunTransactionId, IceCandidatePair> transactions = [];
    private IceCandidatePair? nominating;
    private TimeSpan nextPaceAt;
    private TimeSpan connectDeadline;
    private TimeSpan? firstValidAt;

    /// <summary>Pairs a local and a remote candidate of the same address family and transport, highest priority first.</summary>
    private IceCandidatePair? AddPair(IceLocalCandidate local, IceCandidate remote)
    {
        if (pairs.Count >= MaxPairs || local.Candidate.Endpoint!.AddressFamily != remote.Endpoint!.AddressFamily || !local.CanPairWith(remote))
        {
            return null;
        }

        var pair = new IceCandidatePair(local, remote);
        pair.Prioritize(role);
        pairs.Add(pair);
        SortPairs();
        return pair;
    }

    private void SortPairs() => pairs.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));

    /// <summary>
    /// One check per Ta (RFC 8445 §6.1.4.2): the head of the triggered queue, else — until a pair is selected — the
    /// best Waiting pair, else the best Frozen pair whose foundation has nothing Waiting or In-Progress.
    /// </summary>
    private void PaceChecks(TimeSpan now)
    {
        if (remoteKey is null || now < nextPaceAt)
        {
            return;
        }

        var pair = NextTriggered() ?? (selected is null ? NextOrdinary() : null);
        if (pair is not null)
        {
            StartCheck(pair, now);
            nextPaceAt = now + options.PacingInterval;
        }
    }

    private IceCandidatePair? NextTriggered()
    {
        while (triggered.Count > 0)
        {
            var pair = triggered[0];
            triggered.RemoveAt(0);
            pair.Triggered = false;
            if (!pair.InFlight)
            {
                return pair;
            }
        }

        return null;
    }

    private IceCandidatePair? NextOrdinary()
    {
        var waiting = pairs.Find(p => p.State == IcePairState.Waiting);
        if (waiting is not null)
        {
            return waiting;
        }

        foreach (var pair in pairs)
        {
            if (pair.State == IcePairState.Frozen && !FoundationBusy(pair.Foundation))
            {
                pair.State = IcePairState.Waiting;
                return pair;
            }
        }

        return null;
    }

    private bool FoundationBusy(string foundation) =>
        pairs.Exists(p => p.Foundation == foundation && p.State is IcePairState.Waiting or IcePairState.InProgress);

    private void EnqueueTriggered(IceCandidatePair pair, bool first)
    {
        if (pair.Triggered)
        {
            triggered.Remove(pair);
        }

        pair.Triggered = true;
        triggered.Insert(first ? 0 : triggered.Count, pair);
    }

    /// <summary>Sends a new check on <paramref name="pair"/> (RFC 8445 §7.2.4), with the RTO of RFC 8445 §14.3.</summary>
    private void StartCheck(IceCandidatePair pair, TimeSpan now)
    {
        if (pair.InFlight)
        {
            transactions.Remove(pair.TransactionId);
        }

        var id = StunTransactionId.NewRandom();
        transactions[id] = pair;
        pair.TransactionId = id;
        pair.InFlight = true;
        pair.Transmissions = 1;
        pair.CheckRole = role;
        pair.CheckNominates = role == IceRole.Controlling && pair.NominateOnNextCheck;
        pair.NominateOnNextCheck = false;
        if (pair.State != IcePairState.Succeeded)
        {
            pair.State = IcePairState.InProgress;
        }

        var active = 0;
        foreach (var other in pairs)
        {
            active += other.State is IcePairState.Waiting or IcePairState.InProgress ? 1 : 0;
        }

        pair.RetransmitTimeout = TimeSpan.FromTicks(Math.Max(options.MinRetransmitTimeout.Ticks, options.PacingInterval.Ticks * active));
        pair.RetransmitAt = now + pair.RetransmitTimeout;
        SendCheck(pair, id, pair.CheckRole, pair.CheckNominates);
    }

    /// <summary>
    /// Writes and sends a Binding request on a pair (RFC 8445 §7.2.2): USERNAME <c>theirUfrag:ourUfrag</c>, PRIORITY
    /// of the peer-reflexive candidate this check could reveal, our role with the tiebreaker, USE-CANDIDATE when
    /// nominating, MESSAGE-INTEGRITY with their password, FINGERPRINT.
    /// </summary>
    private void SendCheck(IceCandidatePair pair, in StunTransactionId id, IceRole claimedRole, bool useCandidate)
    {
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername(remoteCredentials!.UfragUtf8, LocalCredentials.UfragUtf8);
        writer.AddPriority(IcePriority.Candidate(IceCandidateType.PeerReflexive, pair.Local.LocalPreference, 1));
        if (claimedRole == IceRole.Controlling)
        {
            writer.AddIceControlling(tiebreaker);
        }
        else
        {
            writer.AddIceControlled(tiebreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(remoteKey!);
        writer.AddFingerprint();
        sender.Send(writer.Written, pair.Remote.Endpoint!, pair.Local.SocketId);
    }

    /// <summary>Resends unanswered checks with a doubling RTO; a check out of transmissions fails its pair (RFC 8489 §6.2.1).</summary>
    private void Retransmit(TimeSpan now)
    {
        foreach (var pair in pairs)
        {
            if (!pair.InFlight || now < pair.RetransmitAt)
            {
                continue;
            }

            if (pair.Transmissions >= options.MaxCheckTransmissions)
            {
                transactions.Remove(pair.TransactionId);
                pair.InFlight = false;
                FailPair(pair);
                continue;
            }

            pair.Transmissions++;
            pair.RetransmitTimeout = Min(pair.RetransmitTimeout + pair.RetransmitTimeout, options.MaxRetransmitTimeout);
            pair.RetransmitAt = now + pair.RetransmitTimeout;
            SendCheck(pair, pair.TransactionId, pair.CheckRole, pair.CheckNominates);
        }
    }

    private void FailPair(IceCandidatePair pair)
    {
        if (ReferenceEquals(pair, nominating))
        {
            nominating = null;
        }

        // The selected pair lives or dies by consent, not by one check.
        if (!ReferenceEquals(pair, selected))
        {
            pair.State = IcePairState.Failed;
        }
    }

    /// <summary>
    /// Regular nomination (RFC 8445 §8.1.1): once a pair is valid, the controlling agent repeats a check on the best
    /// valid pair with USE-CANDIDATE — at once when no better pair is still being checked, else after
    /// <see cref="IceAgentOptions.NominationDelay"/>.
    /// </summary>
    private void MaybeNominate(TimeSpan now)
    {
        if (role != IceRole.Controlling || selected is not null || nominating is not null || firstValidAt is not { } firstValid)
        {
            return;
        }

        var betterPending = false;
        foreach (var pair in pairs)
        {
            if (pair.State == IcePairState.Succeeded)
            {
                if (!betterPending || now >= firstValid + options.NominationDelay)
                {
                    nominating = pair;
                    pair.NominateOnNextCheck = true;
                    EnqueueTriggered(pair, first: true);
                }

                return;
            }

            betterPending |= pair.State is IcePairState.Frozen or IcePairState.Waiting or IcePairState.InProgress;
        }
    }

    /// <summary>Checking fails at the connect deadline, or when every pair failed after the peer's last candidate.</summary>
    private void CheckForFailure(TimeSpan now)
    {
        if (state != IceConnectionState.Checking)
        {
            return;
        }

        if (now >= connectDeadline
            || (remoteCandidatesComplete && locals.Count > 0 && triggered.Count == 0 && pairs.TrueForAll(p => p.State == IcePairState.Failed)))
        {
            Fail();
        }
    }

    /// <summary>The next time the checklist needs the timer: a paced check, a nomination delay, or the connect deadline.</summary>
    private TimeSpan NextCheckDeadline()
    {
        var due = TimeSpan.MaxValue;
        if (remoteKey is not null
            && (triggered.Count > 0 || (selected is null && pairs.Exists(p => p.State is IcePairState.Waiting or IcePairState.Frozen))))
        {
            due = nextPaceAt;
        }

        if (role == IceRole.Controlling && selected is null && nominating is null && firstValidAt is { } firstValid)
        {
            due = Min(due, firstValid + options.NominationDelay);
        }

        return state == IceConnectionState.Checking ? Min(due, connectDeadline) : due;
    }

    /// <summary>Role conflict: switch, re-rank the pairs (RFC 8445 §7.3.1.1, §7.2.5.1).</summary>
    private void SwitchRole()
    {
        role = role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
        foreach (var pair in pairs)
        {
            pair.Prioritize(role);
            pair.NominateOnNextCheck = false;
        }

        nominating = null;
        SortPairs();
    }

    private void StopChecks()
    {
        transactions.Clear();
        triggered.Clear();
        consentChecks.Clear();
        nominating = null;
        foreach (var pair in pairs)
        {
            pair.InFlight = false;
            pair.Triggered = false;
        }
    }

    private IceLocalCandidate? FindLocal(int socketId)
    {
        foreach (var local in locals)
        {
            if (local.SocketId == socketId)
            {
                return local;
            }
        }

        return null;
    }

    private IceCandidate? FindRemote(IPEndPoint endpoint, bool tcp = false)
    {
        foreach (var remote in remotes)
        {
            if (remote.Endpoint!.Equals(endpoint) && remote.IsTcp == tcp)
            {
                return remote;
            }
        }

        return null;
    }

    private IceCandidatePair? FindPair(IceLocalCandidate local, IPEndPoint remote)
    {
        foreach (var pair in pairs)
        {
            if (ReferenceEquals(pair.Local, local) && pair.Remote.Endpoint!.Equals(remote))
            {
                return pair;
            }
        }

        return null;
    }
}
