namespace OpenLive.Rtc.Transport;

/// <summary>What <see cref="Rfc4571FrameReader.TryRead"/> found at the front of a connection's buffered bytes.</summary>
public enum Rfc4571FrameStatus
{
    /// <summary>A complete frame: its payload is returned and its bytes consumed.</summary>
    Frame,

    /// <summary>The next frame is not complete yet: read more bytes from the connection.</summary>
    NeedMore,

    /// <summary>The length prefix is 0: no STUN, DTLS or SRTP packet is empty, so the stream is not ICE-TCP. Close it.</summary>
    ZeroLength,

    /// <summary>The length prefix exceeds the reader's frame limit. Close the connection.</summary>
    Oversized,
}
