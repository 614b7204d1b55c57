using System.ComponentModel.DataAnnotations;

namespace OpenLive.Sfu;

/// <summary>The media plane's settings (section <c>OpenLive:Media</c>).</summary>
public sealed class SfuOptions
{
    /// <summary>Address the UDP socket binds to; 0.0.0.0 for every interface.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The one UDP port of this node for all media (ICE, DTLS, SRTP); 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7882;

    /// <summary>
    /// Addresses put into SDP candidates (what clients connect to). Empty: the bind address, or every local IPv4 address
    /// when bound to 0.0.0.0. Behind NAT, set the public address here.
    /// </summary>
    public IList<string> AnnouncedAddresses { get; } = [];

    /// <summary>Socket receive and send buffer size in bytes (bursts of keyframes to many subscribers need room).</summary>
    [Range(65536, 256 * 1024 * 1024)]
    public int SocketBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Minimum time between keyframe requests forwarded to one publisher stream.</summary>
    public TimeSpan KeyframeRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A transport whose ICE checks stop for this long is closed (RFC 7675 consent).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transport that does not complete ICE and DTLS within this time is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Packets kept per video stream for retransmission (NACK/RTX).</summary>
    [Range(64, 8192)]
    public int VideoPacketCache { get; set; } = 512;

    /// <summary>Packets kept per audio stream for retransmission.</summary>
    [Range(16, 4096)]
    public int AudioPacketCache { get; set; } = 128;
}
