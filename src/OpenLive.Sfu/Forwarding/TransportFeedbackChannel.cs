using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Srtp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// The SFU end of the shared feedback senders (<see cref="NackSender"/>, <see cref="TransportCcFeedbackSender"/>):
/// one buffer per connection, each feedback packet sent on its own — reduced-size RTCP (RFC 5506), which browsers offer
/// and the SFU's answers accept; a peer that did not offer it gets the same packets (no leading report, unlike the
/// client peer's channel) — within 1200 bytes once protected like every RTCP packet the SFU sends. Media thread only.
/// </summary>
internal sealed class TransportFeedbackChannel(WebRtcTransport transport) : IRtcpFeedbackChannel
{
    private const int MaxFeedbackLength = 1200 - SrtpSender.MaxRtcpOverhead;

    private readonly byte[] _rtcp = new byte[1500];

    public Span<byte> BeginFeedback() => _rtcp.AsSpan(0, MaxFeedbackLength);

    public bool SendFeedback(int length) => transport.SendRtcp(_rtcp, length);
}
