using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>Consent freshness on the selected pair (RFC 7675).</summary>
public sealed partial class IceAgent
{
    /// <summary>
    /// Consent checks remembered for a late response. Consent checks are not retransmitted — each is a new
    /// transaction (RFC 7675 §5.1) — so a response to any recent one counts; 30 s / 4 s fits in 8, and with liveness
    /// checks every 500 ms a response up to 4 s late still counts.
    /// </summary>
    private const int MaxOutstandingConsentChecks = 8;

    private readonly List<StunTransactionId> consentChecks = [];
    private TimeSpan lastConsentAt;
    private TimeSpan nextConsentAt;

    /// <summary>
    /// Sends a consent check when one is due, and turns Disconnected after <see cref="IceAgentOptions.DisconnectedTimeout"/>
    /// and Failed after <see cref="IceAgentOptions.ConsentTimeout"/> without a response.
    /// </summary>
    private void KeepConsent(TimeSpan now)
    {
        if (selected is null || remoteKey is null)
        {
            return;
        }

        var silence = now - lastConsentAt;
        if (silence >= options.ConsentTimeout)
        {
            Fail();
            return;
        }

        if (silence >= options.DisconnectedTimeout)
        {
            SetState(IceConnectionState.Disconnected);
        }

        if (now >= nextConsentAt)
        {
            var id = StunTransactionId.NewRandom();
            if (consentChecks.Count == MaxOutstandingConsentChecks)
            {
                consentChecks.RemoveAt(0);
            }

            consentChecks.Add(id);
            SendCheck(selected, id, role, useCandidate: false);
            nextConsentAt = now + NextConsentDelay();
        }
    }

    /// <summary>An authenticated success from the selected pair's remote, to its local socket, renews consent.</summary>
    private void HandleConsentResponse(scoped in StunMessage response, IPEndPoint source, int localSocketId, TimeSpan now)
    {
        if (selected is null || response.Class != StunClass.SuccessResponse
            || !source.Equals(selected.Remote.Endpoint) || localSocketId != selected.Local.SocketId)
        {
            return;
        }

        lastConsentAt = now;
        if (state == IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }
    }

    private TimeSpan NextConsentDeadline()
    {
        if (selected is null)
        {
            return TimeSpan.MaxValue;
        }

        var silenceLimit = state == IceConnectionState.Connected ? options.DisconnectedTimeout : options.ConsentTimeout;
        return Min(nextConsentAt, lastConsentAt + silenceLimit);
    }

    /// <summary>
    /// The basic period (the liveness interval when one is set) times a random factor in [0.8, 1.2), so agents do not
    /// synchronize (RFC 7675 §5.1).
    /// </summary>
    private TimeSpan NextConsentDelay() => (options.LivenessInterval ?? options.ConsentInterval) * (0.8 + (0.4 * Random.Shared.NextDouble()));
}
