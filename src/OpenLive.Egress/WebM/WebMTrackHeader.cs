using System.Buffers.Binary;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>What a track's TrackEntry needs beyond <see cref="EgressTrack"/>, learnt from its first keyframe (video) or fixed (Opus).</summary>
internal static class WebMTrackHeader
{
    /// <summary>Opus's sample rate for all timing (RFC 7845).</summary>
    public const int OpusRate = 48_000;

    /// <summary>Matroska CodecDelay for Opus: the pre-skip (<see cref="Media.OpusPreSkip"/>) in nanoseconds.</summary>
    public const ulong OpusCodecDelayNs = Media.OpusPreSkip.Samples * 1_000_000_000UL / OpusRate;

    /// <summary>Matroska SeekPreRoll for Opus: 80 ms, as the WebM guidelines say (decode 80 ms before a seek point).</summary>
    public const ulong OpusSeekPreRollNs = 80_000_000;

    public static string CodecIdOf(EgressCodec codec) => codec switch
    {
        EgressCodec.Vp8 => "V_VP8",
        EgressCodec.Vp9 => "V_VP9",
        EgressCodec.Av1 => "V_AV1",
        EgressCodec.Opus => "A_OPUS",
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "WebM carries VP8, VP9, AV1 and Opus; H.264 goes to fragmented MP4"),
    };

    /// <summary>
    /// OpusHead (RFC 7845 §5.1), Matroska's A_OPUS CodecPrivate: magic, version 1, channels, pre-skip, input rate,
    /// gain 0, channel mapping family 0 (mono or stereo).
    /// </summary>
    public static byte[] OpusHead(int channels)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)Math.Clamp(channels, 1, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), Media.OpusPreSkip.Samples);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), OpusRate);
        return head;
    }

    /// <summary>
    /// Reads what the track header needs from a video keyframe: its size and (AV1) the av1C CodecPrivate. False when the
    /// keyframe does not carry them (then it is not a usable start for the file).
    /// </summary>
    public static bool TryReadKeyframe(EgressCodec codec, ReadOnlySpan<byte> frame, out int width, out int height, out byte[]? codecPrivate)
    {
        codecPrivate = null;
        switch (codec)
        {
            case EgressCodec.Vp8:
                return VideoDimensions.TryReadVp8(frame, out width, out height);
            case EgressCodec.Vp9:
                return VideoDimensions.TryReadVp9(frame, out width, out height);
            case EgressCodec.Av1:
                if (Av1SequenceHeader.TryFind(frame, out var sequence))
                {
                    width = sequence.MaxWidth;
                    height = sequence.MaxHeight;
                    codecPrivate = sequence.BuildCodecPrivate(frame);
                    return true;
                }

                break;
        }

        width = 0;
        height = 0;
        return false;
    }
}
