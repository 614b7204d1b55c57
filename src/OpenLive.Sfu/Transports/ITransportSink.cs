namespace OpenLive.Sfu.Transports;

/// <summary>Who gets what a transport decrypts, and its life events. Called on the media thread.</summary>
internal interface ITransportSink
{
    /// <summary>A plain RTP packet (decrypted in place; valid only during the call, may be modified).</summary>
    void OnRtp(WebRtcTransport transport, Span<byte> packet);

    /// <summary>A plain RTCP compound packet.</summary>
    void OnRtcp(WebRtcTransport transport, Span<byte> packet);

    /// <summary>ICE and DTLS are done: media may be sent.</summary>
    void OnConnected(WebRtcTransport transport);

    /// <summary>The transport closed and will not carry media again.</summary>
    void OnClosed(WebRtcTransport transport, string reason);
}
