using System.Buffers;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>A frame copied out of its depacketizer's buffer, waiting to be interleaved.</summary>
internal readonly record struct PendingFrame(byte[] Bytes, int Length, long Ticks, bool IsKeyframe)
{
    public static PendingFrame Copy(ReadOnlySpan<byte> data, long ticks, bool isKeyframe)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(bytes);
        return new PendingFrame(bytes, data.Length, ticks, isKeyframe);
    }

    public ReadOnlySpan<byte> Data => Bytes.AsSpan(0, Length);

    public void Release() => ArrayPool<byte>.Shared.Return(Bytes);
}

/// <summary>One track of a <see cref="WebMWriter"/>: its clock mapping, queue, and what its header says.</summary>
internal sealed class WebMTrackState(WebMWriter writer, int index, EgressTrack track, int queueCapacity) : IMediaFrameSink
{
    public int Index { get; } = index;

    /// <summary>Matroska track number (1-based).</summary>
    public int Number => Index + 1;

    public EgressTrack Track { get; } = track;

    public Queue<PendingFrame> Queue { get; } = new(queueCapacity);

    public TrackClockMapping? Mapping { get; set; }

    /// <summary>The track on the common clock, anchored at its first frame.</summary>
    public TrackClock Clock { get; set; }

    public bool HasFrames { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public byte[]? CodecPrivate { get; set; }

    /// <summary>Time (ms from the origin) of the last block written; −1 before the first.</summary>
    public long LastBlockMs { get; set; } = -1;

    /// <summary>Gap between the last two blocks, for the duration of the last one.</summary>
    public long LastDeltaMs { get; set; }

    /// <summary>Common-clock time of a frame (UTC ticks).</summary>
    public long TicksOf(long timestamp) => Clock.TicksOf(timestamp);

    public void OnFrame(in MediaFrame frame) => writer.WriteFrame(Index, frame);
}
