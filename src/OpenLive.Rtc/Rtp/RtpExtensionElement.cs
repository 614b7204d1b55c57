namespace OpenLive.Rtc.Rtp;

/// <summary>One header extension element: its local id and where its data sits in the packet.</summary>
/// <param name="Id">The local id negotiated by SDP extmap (RFC 8285 §5).</param>
/// <param name="Offset">Offset of the element's data in the packet.</param>
/// <param name="Length">Length of the element's data in bytes.</param>
public readonly record struct RtpExtensionElement(int Id, int Offset, int Length);
