using OpenLive.Egress.Depacketizing;

namespace OpenLive.Egress.Recording;

/// <summary>One track a <see cref="MemberRecording"/> records: its feed and whom to ask for a keyframe.</summary>
/// <param name="Feed">The tap's records.</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Keyframes">The SFU side's keyframe request (the server maps it to its tap); called on the worker thread.</param>
public sealed record RecordedTrackInput(RecordingTrackFeed Feed, RecordedTrackKind Kind, IKeyframeRequester? Keyframes);
