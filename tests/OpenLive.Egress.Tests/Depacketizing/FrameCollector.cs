using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>Keeps copies of the frames a depacketizer hands on, and counts keyframe requests.</summary>
internal sealed class FrameCollector : IMediaFrameSink, IKeyframeRequester
{
    public List<(byte[] Data, long Timestamp, bool Keyframe)> Frames { get; } = [];

    public int KeyframeRequests { get; private set; }

    public void OnFrame(in MediaFrame frame) => Frames.Add((frame.Data.ToArray(), frame.Timestamp, frame.IsKeyframe));

    public void RequestKeyframe() => KeyframeRequests++;
}
