namespace OpenLive.Egress.Media;

/// <summary>Where a depacketizer hands whole frames: a writer's track (see <see cref="MediaFrame"/> for the data's lifetime).</summary>
public interface IMediaFrameSink
{
    /// <summary>One whole frame, in decode order. <paramref name="frame"/>'s data is only valid during the call.</summary>
    void OnFrame(in MediaFrame frame);
}
