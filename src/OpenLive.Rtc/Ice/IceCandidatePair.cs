using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// One local × remote pair of the checklist (RFC 8445 §6.1.2), with at most one check of ours outstanding on it.
/// Mutated only under the agent's lock.
/// </summary>
internal sealed class IceCandidatePair(IceLocalCandidate local, IceCandidate remote)
{
    public IceLocalCandidate Local { get; } = local;

    public IceCandidate Remote { get; } = remote;

    /// <summary>The pair foundation: local and remote foundations together (RFC 8445 §6.1.2.6).</summary>
    public string Foundation { get; } = local.Candidate.Foundation + ":" + remote.Foundation;

    /// <summary>Pair priority for the agent's current role (RFC 8445 §6.1.2.3).</summary>
    public ulong Priority { get; set; }

    public IcePairState State { get; set; } = IcePairState.Frozen;

    /// <summary>Queued in the triggered-check queue (RFC 8445 §6.1.4.1).</summary>
    public bool Triggered { get; set; }

    /// <summary>The next check of this pair carries USE-CANDIDATE (controlling agent, RFC 8445 §8.1.1).</summary>
    public bool NominateOnNextCheck { get; set; }

    /// <summary>The controlling peer nominated this pair before our check on it succeeded (RFC 8445 §7.3.1.5).</summary>
    public bool NominateOnSuccess { get; set; }

    /// <summary>The outstanding check's transaction, when <see cref="InFlight"/>.</summary>
    public StunTransactionId TransactionId { get; set; }

    public bool InFlight { get; set; }

    /// <summary>Transmissions of the outstanding check so far.</summary>
    public int Transmissions { get; set; }

    /// <summary>Current retransmission timeout (doubles per retransmission, RFC 8489 §6.2.1).</summary>
    public TimeSpan RetransmitTimeout { get; set; }

    /// <summary>When the outstanding check is sent again, or given up on.</summary>
    public TimeSpan RetransmitAt { get; set; }

    /// <summary>The outstanding check carries USE-CANDIDATE.</summary>
    public bool CheckNominates { get; set; }

    /// <summary>The role the outstanding check claimed (a 487 only switches us if we still hold it, RFC 8445 §7.2.5.1).</summary>
    public IceRole CheckRole { get; set; }

    /// <summary>Recomputes <see cref="Priority"/> for <paramref name="role"/>.</summary>
    public void Prioritize(IceRole role) =>
        Priority = role == IceRole.Controlling
            ? IcePriority.Pair(Local.Candidate.Priority, Remote.Priority)
            : IcePriority.Pair(Remote.Priority, Local.Candidate.Priority);
}
