using System.Text;

namespace OpenLive.Rtc.Client;

/// <summary>
/// An immutable snapshot of what negotiation settled, for the packet paths: the transceivers that receive (with
/// their mids as bytes, to match the MID extension without strings), our send SSRCs for routing RTCP feedback, and
/// the connection-wide extension ids (under BUNDLE an extension has one id on the whole transport, RFC 8843 §9.2).
/// Negotiation publishes a new plan; the receive thread picks it up before its next datagram.
/// </summary>
internal sealed class RoutingPlan
{
    public static readonly RoutingPlan Empty = new([]);

    public RoutingPlan(IReadOnlyList<RtcTransceiver> transceivers)
    {
        var receivers = new List<RtcTransceiver>();
        var mids = new List<byte[]>();
        var senders = new Dictionary<uint, SendRoute>();
        var sendRoutes = new List<SendRoute>();
        foreach (var transceiver in transceivers)
        {
            var negotiated = transceiver.Negotiated;
            if (negotiated is null || transceiver.IsRejected)
            {
                continue;
            }

            MidId = MidId == 0 ? negotiated.MidId : MidId;
            TransportCcId = TransportCcId == 0 ? negotiated.TransportCcId : TransportCcId;
            TransportCcFeedback |= negotiated.TransportCc && negotiated.Receives;
            ReducedSize &= negotiated.ReducedSize;
            if (negotiated.Receives)
            {
                receivers.Add(transceiver);
                mids.Add(Encoding.ASCII.GetBytes(transceiver.Mid));
            }

            if (FirstSendSsrc == 0 && negotiated.Sends && transceiver.SendStreams.Length > 0)
            {
                FirstSendSsrc = transceiver.SendStreams[0].Ssrc;
            }

            for (var layer = 0; layer < transceiver.SendStreams.Length && negotiated.Sends; layer++)
            {
                var route = new SendRoute(transceiver, layer, transceiver.SendStreams[layer]);
                senders[route.Stream.Ssrc] = route;
                senders[route.Stream.RtxSsrc] = route;
                sendRoutes.Add(route);
            }
        }

        Receivers = [.. receivers];
        ReceiverMids = [.. mids];
        Senders = senders;
        SendRoutes = [.. sendRoutes];
    }

    /// <summary>Transceivers that receive, in m-line order.</summary>
    public RtcTransceiver[] Receivers { get; }

    /// <summary>The mid of each of <see cref="Receivers"/>, as ASCII bytes.</summary>
    public byte[][] ReceiverMids { get; }

    /// <summary>Our streams, in m-line and layer order (for sender reports).</summary>
    public SendRoute[] SendRoutes { get; }

    /// <summary>Our media and RTX SSRCs → the stream, for feedback.</summary>
    public IReadOnlyDictionary<uint, SendRoute> Senders { get; }

    /// <summary>Our first sending stream's SSRC (what our feedback packets are sent as); 0 when we send nothing.</summary>
    public uint FirstSendSsrc { get; }

    public byte MidId { get; }

    public byte TransportCcId { get; }

    /// <summary>We owe the peer transport-wide feedback (it sends with transport-cc on a receiving m-line).</summary>
    public bool TransportCcFeedback { get; }

    /// <summary>Every m-line allows reduced-size RTCP, so feedback may go out alone.</summary>
    public bool ReducedSize { get; } = true;

    /// <summary>The receiving transceiver whose mid is <paramref name="mid"/>, or null.</summary>
    public RtcTransceiver? FindReceiver(ReadOnlySpan<byte> mid)
    {
        for (var i = 0; i < ReceiverMids.Length; i++)
        {
            if (mid.SequenceEqual(ReceiverMids[i]))
            {
                return Receivers[i];
            }
        }

        return null;
    }

    /// <summary>The only receiving transceiver that negotiated <paramref name="payloadType"/>, or null when none or several did.</summary>
    public RtcTransceiver? FindOnlyReceiverOf(int payloadType)
    {
        RtcTransceiver? found = null;
        foreach (var receiver in Receivers)
        {
            var negotiated = receiver.Negotiated!;
            if (negotiated.ClockRateOf(payloadType) != 0)
            {
                if (found is not null)
                {
                    return null;
                }

                found = receiver;
            }
        }

        return found;
    }
}

/// <summary>Where feedback for one of our SSRCs goes.</summary>
internal sealed record SendRoute(RtcTransceiver Transceiver, int Layer, SendStream Stream);
