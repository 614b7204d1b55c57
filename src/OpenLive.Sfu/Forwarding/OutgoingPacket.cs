namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// What a subscriber connection writes for one packet it sends: the header fields in the subscriber's numbering, the
/// values of the extensions the SFU writes itself (mid, audio level; abs-send-time and transport-cc are the
/// connection's), and the payload, with an optional prefix such as RTX's original sequence number (RFC 4588 §4).
/// Views over the caller's buffers, valid only during the send.
/// </summary>
internal readonly ref struct OutgoingPacket
{
    public bool Marker { get; init; }

    public byte PayloadType { get; init; }

    public ushort SequenceNumber { get; init; }

    public uint Timestamp { get; init; }

    public uint Ssrc { get; init; }

    /// <summary>The track's mid, as the MID extension carries it (ASCII).</summary>
    public ReadOnlySpan<byte> Mid { get; init; }

    /// <summary>The RFC 6464 audio level byte, -1 for none.</summary>
    public int AudioLevel { get; init; }

    /// <summary>Bytes written before the payload (RTX's original sequence number), usually empty.</summary>
    public ReadOnlySpan<byte> PayloadPrefix { get; init; }

    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>RFC 3550 padding bytes after the payload (0–255): a bandwidth probe's padding-only RTX packets carry them.</summary>
    public int PaddingLength { get; init; }

    /// <summary>VP8 descriptor values written into the sent copy of the payload (empty: the payload goes as it is).</summary>
    public Vp8Rewrite Vp8 { get; init; }
}
