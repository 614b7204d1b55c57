namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// Pushes that arrive while a room entry (or a resuming login) is being answered wait for the answer. The room grain admits the member before
/// the session's IM step finishes, so the room may push to it in between: the SFU's first <c>SubscriberOffer</c> (raised
/// by the join itself), HAS_/NO_ events, member updates. A client has no room to apply those to until it has read the
/// answer, and would drop them: a dropped subscriber offer leaves the SFU waiting for an answer that never comes.
/// </summary>
internal sealed partial class SignalingConnection
{
    /// <summary>Pushes held during a room entry, in arrival order; null when none is in progress (guarded by <c>_gate</c>).</summary>
    private List<OutgoingFrame>? _heldPushes;

    /// <summary>Holds pushes from now until <see cref="ReleasePushes"/>.</summary>
    public void HoldPushes()
    {
        lock (_gate)
        {
            _heldPushes ??= [];
        }
    }

    /// <summary>Queues the held pushes behind the answer (already queued) and stops holding.</summary>
    public void ReleasePushes()
    {
        lock (_gate)
        {
            var held = _heldPushes;
            _heldPushes = null;
            foreach (var frame in held ?? [])
            {
                Send(frame);
            }
        }
    }

    /// <summary>Queues a push, or holds it while a room entry is being answered (bounded like the send queue).</summary>
    public void SendPush(OutgoingFrame frame)
    {
        lock (_gate)
        {
            if (_heldPushes is null)
            {
                Send(frame);
            }
            else if (_heldPushes.Count < SendQueueCapacity)
            {
                _heldPushes.Add(frame);
            }
            else if (_closeRequest is null)
            {
                RequestClose(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "the client is not reading its frames");
                Abort();
            }
        }
    }
}
