namespace OpenLive.Rtc.Rtcp;

/// <summary>RTCP packet types (the PT field; RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR: sender report (RFC 3550 §6.4.1).</summary>
    SenderReport = 200,

    /// <summary>RR: receiver report (RFC 3550 §6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>SDES: source description (RFC 3550 §6.5).</summary>
    SourceDescription = 202,

    /// <summary>BYE: goodbye (RFC 3550 §6.6).</summary>
    Goodbye = 203,

    /// <summary>APP: application-defined (RFC 3550 §6.7).</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB: transport-layer feedback (RFC 4585 §6.2).</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: payload-specific feedback (RFC 4585 §6.3).</summary>
    PayloadFeedback = 206,

    /// <summary>XR: extended report (RFC 3611).</summary>
    ExtendedReport = 207,
}

/// <summary>The FMT values of the feedback messages this stack reads and writes.</summary>
public static class RtcpFeedbackFormats
{
    /// <summary>RTPFB FMT 1: generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const int TransportCc = 15;

    /// <summary>PSFB FMT 1: picture loss indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: full intra request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback, here REMB (draft-alvestrand-rmcat-remb-03 §2.2).</summary>
    public const int ApplicationLayer = 15;
}
