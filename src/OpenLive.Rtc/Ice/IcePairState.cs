namespace OpenLive.Rtc.Ice;

/// <summary>A candidate pair's state in the checklist (RFC 8445 §6.1.2.6).</summary>
internal enum IcePairState
{
    /// <summary>Waits until no pair of its foundation is being checked.</summary>
    Frozen,

    /// <summary>Next in line for an ordinary check.</summary>
    Waiting,

    /// <summary>A check is outstanding.</summary>
    InProgress,

    /// <summary>A check succeeded: the pair is valid.</summary>
    Succeeded,

    /// <summary>A check failed or timed out.</summary>
    Failed,
}
