namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// The seam to the SFU: a depacketizer calls <see cref="RequestKeyframe"/> when the recording cannot go on without a
/// keyframe — at the start (nothing decodable yet) and whenever a frame was lost for good (a packet missing after the
/// reorder window). The SFU side answers by sending a PLI to the publisher (RFC 4585 §6.3.1), rate-limited as it does
/// for subscribers; until the keyframe arrives the depacketizer drops frames, so the file never holds undecodable ones.
/// </summary>
public interface IKeyframeRequester
{
    /// <summary>The track needs a keyframe. Called on the packet path: must not block or allocate.</summary>
    void RequestKeyframe();
}
