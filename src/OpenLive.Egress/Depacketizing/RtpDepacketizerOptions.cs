using System.ComponentModel.DataAnnotations;

namespace OpenLive.Egress.Depacketizing;

/// <summary>Bounds of one track's depacketizer. Memory per track is about <c>ReorderWindowPackets × MaxPacketBytes + MaxFrameBytes</c>.</summary>
public sealed class RtpDepacketizerOptions
{
    /// <summary>
    /// How far (in packets) a gap may lag the newest packet before the missing packet is given up as lost: the time
    /// a NACK-filled retransmission has to arrive. Rounded up to a power of two. Default 128 (about 1–3 s of video at
    /// 40–100 packets/s); for Opus (50 packets/s) <see cref="ForAudio"/> uses 16 (320 ms).
    /// </summary>
    [Range(4, 4096)]
    public int ReorderWindowPackets { get; set; } = 128;

    /// <summary>Largest RTP packet kept (header included); longer ones are dropped. Default 1,500 (an Ethernet MTU).</summary>
    [Range(64, 65_535)]
    public int MaxPacketBytes { get; set; } = 1500;

    /// <summary>Largest frame assembled; a longer one is dropped as if lost (and a keyframe requested). Default 2 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>While waiting for a keyframe, ask again after this many dropped frames (the PLI may have been lost). Default 60.</summary>
    [Range(1, 10_000)]
    public int KeyframeRequestEveryDroppedFrames { get; set; } = 60;

    /// <summary>Defaults for an Opus track: a 16-packet window and 16 KiB frames.</summary>
    public static RtpDepacketizerOptions ForAudio() => new() { ReorderWindowPackets = 16, MaxFrameBytes = 16 * 1024 };
}
