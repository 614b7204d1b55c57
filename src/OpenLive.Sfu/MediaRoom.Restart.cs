namespace OpenLive.Sfu;

/// <summary>A member's media connections started again while it stays in the room.</summary>
public sealed partial class MediaRoom
{
    /// <summary>
    /// The member's media path died while its signaling lives (its client saw ICE consent or its incoming media stop —
    /// a NAT rebinding, a network change): its publisher and subscriber connections close and its tracks end, as when it
    /// leaves, but it stays a member with its rights and views. Its next <see cref="Publish"/> creates a new publisher
    /// connection, and what it should receive is offered on a new subscriber connection
    /// (<see cref="SubscriberOfferInfo.Connection"/> one higher). False when it is no member
    /// or the room's media has ended.
    /// </summary>
    public bool RestartMember(string memberId)
    {
        lock (_gate)
        {
            if (_closed || !_members.TryGetValue(memberId, out var member))
            {
                return false;
            }

            CloseConnectionsLocked(member);
            // Revisions go on counting (not from 1 again), so a late answer to the old connection's offer can never
            // match an offer of the new one; nothing else of the old connection's negotiation carries over.
            member.SubscriberConnection++;
            member.AwaitingAnswer = false;
            member.PendingOffer = null;
            member.NeedsOffer = false;
            RefreshAllLocked();
            return true;
        }
    }
}
