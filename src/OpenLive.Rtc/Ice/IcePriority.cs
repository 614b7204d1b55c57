using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Ice;

/// <summary>The RFC 8445 priority formulas.</summary>
public static class IcePriority
{
    /// <summary>Local preference of the first local address (RFC 8445 §5.1.2.1: 65535 when there is only one).</summary>
    public const int MaxLocalPreference = 65535;

    /// <summary>Recommended type preferences (RFC 8445 §5.1.2.2).</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>
    /// Candidate priority (RFC 8445 §5.1.2.1):
    /// <c>2^24 * type preference + 2^8 * local preference + (256 - component id)</c>.
    /// </summary>
    public static uint Candidate(IceCandidateType type, int localPreference, int component) =>
        ((uint)TypePreference(type) << 24) | ((uint)localPreference << 8) | (uint)(256 - component);

    /// <summary>
    /// Pair priority (RFC 8445 §6.1.2.3), with G the controlling agent's candidate priority and D the controlled one's:
    /// <c>2^32 * MIN(G,D) + 2 * MAX(G,D) + (G &gt; D ? 1 : 0)</c>.
    /// </summary>
    public static ulong Pair(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + (2ul * Math.Max(controlling, controlled)) + (controlling > controlled ? 1ul : 0ul);
}
