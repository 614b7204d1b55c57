namespace OpenLive.Rtc.Ice;

/// <summary>Settings of an <see cref="IceAgent"/>; the defaults follow the RFCs.</summary>
public sealed class IceAgentOptions
{
    /// <summary>Starting role (RFC 8445 §6.1.1: the offerer controls). A role conflict may switch it.</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>
    /// The peer declared <c>a=ice-lite</c>: it will never check us, and we must be controlling (RFC 8445 §6.1.1),
    /// whatever <see cref="Role"/> says.
    /// </summary>
    public bool RemoteIsLite { get; init; }

    /// <summary>Our ufrag and password; generated when null.</summary>
    public IceCredentials? LocalCredentials { get; init; }

    /// <summary>Ta: the gap between two new checks (RFC 8445 §14.2 default 50 ms).</summary>
    public TimeSpan PacingInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Floor of a check's first retransmission timeout (RFC 8445 §14.3: RTO = MAX(500 ms, Ta * active pairs)).</summary>
    public TimeSpan MinRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Ceiling of the doubling retransmission timeout. RFC 8489 §6.2.1 doubles without a cap; capping keeps a lost
    /// pair's verdict within about 10 s instead of almost 40.
    /// </summary>
    public TimeSpan MaxRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Transmissions of one check before its pair fails (RFC 8489 §6.2.1 Rc = 7).</summary>
    public int MaxCheckTransmissions { get; init; } = 7;

    /// <summary>
    /// How long, after the first pair succeeds, the controlling agent waits for better pairs still being checked
    /// before it nominates the best valid one. It does not wait when no better pair is left to check.
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Checking fails when no pair is selected this long after start.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Basic period of consent checks, jittered to 0.8..1.2 times per check (RFC 7675 §5.1: 5 s by default, and no
    /// check closer than 4 s to the last — so 5 s is also the least this takes).
    /// </summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The selected pair turns Disconnected after this long without a consent response — three periods, so one
    /// lost check does not flip the state.
    /// </summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When set, the selected pair is also checked this often (jittered like consent checks) so that a dead path shows
    /// within a couple of seconds: with <see cref="DisconnectedTimeout"/> at a few of these, Disconnected then means the
    /// path is gone, not that one check was lost. A response to any check on the pair is consent (RFC 7675 §5.1), so
    /// these refresh it too; consent checks alone (every <see cref="ConsentInterval"/>) only show a dead path after
    /// many seconds. Null (the default): consent checks only. Chromium checks a selected pair about as often.
    /// </summary>
    public TimeSpan? LivenessInterval { get; init; }

    /// <summary>Consent expires, and the agent fails, after this long without a consent response (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The tiebreaker for role conflicts; random when null. Tests pin it.</summary>
    internal ulong? Tiebreaker { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for settings no agent could run with.</summary>
    internal void Validate()
    {
        Positive(PacingInterval, nameof(PacingInterval));
        Positive(MinRetransmitTimeout, nameof(MinRetransmitTimeout));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(ConsentTimeout, nameof(ConsentTimeout));
        Positive(DisconnectedTimeout, nameof(DisconnectedTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetransmitTimeout, MinRetransmitTimeout, nameof(MaxRetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(NominationDelay, TimeSpan.Zero, nameof(NominationDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCheckTransmissions, 1, nameof(MaxCheckTransmissions));
        // RFC 7675 §5.1: "MUST NOT set the period between checks to less than 4 seconds" (0.8 * 5 s).
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsentInterval, TimeSpan.FromSeconds(5), nameof(ConsentInterval));
        if (LivenessInterval is { } liveness)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(liveness, TimeSpan.FromMilliseconds(100), nameof(LivenessInterval));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(liveness, ConsentInterval, nameof(LivenessInterval));
            // Disconnected must take more than one lost check, or a single lost datagram would flip the state.
            ArgumentOutOfRangeException.ThrowIfLessThan(DisconnectedTimeout, liveness * 3, nameof(DisconnectedTimeout));
        }
    }

    private static void Positive(TimeSpan value, string name) => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, name);
}
