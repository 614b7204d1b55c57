namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Where an endpoint's RTCP feedback goes (NACK, transport-wide congestion control): the shared feedback senders
/// (<see cref="NackSender"/>, <see cref="TransportCcFeedbackSender"/>) write a packet into the space this gives and
/// ask the endpoint to send it. The endpoint decides what comes before the packet (a receiver report when reduced-size
/// RTCP was not negotiated, RFC 5506 §3), how much room the SRTCP trailer needs after it, and how it is protected and
/// sent — so the SFU's connections and the client peer compose the same senders.
/// </summary>
/// <remarks>Called on the thread that owns the senders (the media or receive thread), once per packet sent; implementations allocate nothing.</remarks>
public interface IRtcpFeedbackChannel
{
    /// <summary>Room for one feedback packet, after whatever the endpoint puts before it in the same compound packet.</summary>
    Span<byte> BeginFeedback();

    /// <summary>Sends the feedback written at the start of the last <see cref="BeginFeedback"/> span (<paramref name="length"/> bytes). False when it was not sent.</summary>
    bool SendFeedback(int length);
}
