namespace OpenLive.Server.Application.Egress;

/// <summary>One egress channel to start: whose stream, which outputs (iLiveSDK's PushStreamOption, validated by the caller).</summary>
/// <param name="AppId">The app (its recordings and HLS URLs live under it).</param>
/// <param name="RoomId">The room's id as the app names it.</param>
/// <param name="RoomKey">The room grain's key (channels are looked up by it).</param>
/// <param name="MemberId">Whose stream.</param>
/// <param name="Video">Camera or screen (iLiveSDK's E_PushCamera / E_PushScreen).</param>
/// <param name="AudioOnly">iLiveSDK's bOnlyPushAudio: the member's audio alone.</param>
/// <param name="Outputs">Which outputs to run.</param>
/// <param name="RtmpUrls">RTMP ingest URLs for <see cref="EgressOutputs.Rtmp"/>: operator-configured, never client-given.</param>
/// <param name="FileName">The recording's file name stem (iLiveSDK's RecordOption.fileName), already checked as safe; null for a generated one.</param>
/// <param name="StartedBy">The user (or "admin") that started it, for logs and webhooks.</param>
internal sealed record EgressRequest(
    uint AppId,
    string RoomId,
    string RoomKey,
    string MemberId,
    EgressVideo Video,
    bool AudioOnly,
    EgressOutputs Outputs,
    IReadOnlyList<string> RtmpUrls,
    string? FileName,
    string StartedBy);

/// <summary>Which video of the member an egress carries.</summary>
internal enum EgressVideo
{
    /// <summary>The camera (iLiveSDK E_PushCamera = 0).</summary>
    Camera = 0,

    /// <summary>The shared screen (iLiveSDK E_PushScreen).</summary>
    Screen = 1,
}

/// <summary>The outputs of one channel.</summary>
[Flags]
internal enum EgressOutputs
{
    /// <summary>Nothing (invalid).</summary>
    None = 0,

    /// <summary>A recording file without transcoding: WebM for VP8/VP9/AV1 + Opus, fragmented MP4 for H.264 + Opus.</summary>
    Record = 1,

    /// <summary>Live HLS served by this server under the app/room/member.</summary>
    Hls = 2,

    /// <summary>RTMP push (FLV, H.264 + AAC) to the app's configured ingest URLs.</summary>
    Rtmp = 4,
}

/// <summary>How outputs are named in logs and webhooks (<c>record</c>, <c>hls</c>, <c>hls+rtmp</c>, …).</summary>
internal static class EgressOutputNames
{
    public static string Of(EgressOutputs outputs) => outputs.ToString().ToLowerInvariant().Replace(", ", "+", StringComparison.Ordinal);
}
