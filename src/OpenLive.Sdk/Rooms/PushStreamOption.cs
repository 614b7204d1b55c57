namespace OpenLive.Sdk.Rooms;

/// <summary>
/// iLiveSDK's <c>PushStreamOption</c>: which stream of a member goes out live (HLS on the server, RTMP to the app's
/// configured ingest) and/or to a recording file. The values are iLiveSDK's; the server refuses the ones OpenLive does
/// not produce with 8023 (ERR_NOT_SUPPORT).
/// </summary>
public sealed class PushStreamOption
{
    /// <summary>Camera or screen (iLiveSDK <c>pushDataType</c>).</summary>
    public PushDataType PushDataType { get; set; }

    /// <summary>The live outputs (iLiveSDK <c>encode</c>); <see cref="StreamEncode.None"/> for a recording only.</summary>
    public StreamEncode Encode { get; set; } = StreamEncode.Hls;

    /// <summary>The recording (iLiveSDK <c>recordFileType</c>): <see cref="RecordFileType.Mp4"/> or none.</summary>
    public RecordFileType RecordFileType { get; set; }

    /// <summary>The member's audio alone (iLiveSDK <c>bOnlyPushAudio</c>).</summary>
    public bool OnlyPushAudio { get; set; }

    /// <summary>iLiveSDK's <c>recordId</c> (at most 64 characters): accepted, not used.</summary>
    public string? RecordId { get; set; }

    /// <summary>Whose stream (a member of the room); null for this client's own.</summary>
    public string? UserId { get; set; }

    internal Protocol.V1.PushStreamOption ToWire() => new()
    {
        PushDataType = (uint)PushDataType,
        Encode = (uint)Encode,
        RecordFileType = (uint)RecordFileType,
        OnlyPushAudio = OnlyPushAudio,
        RecordId = RecordId ?? string.Empty,
        UserId = UserId ?? string.Empty,
    };
}

/// <summary>iLiveSDK's <c>E_PushDataType</c>.</summary>
public enum PushDataType
{
    /// <summary>The camera (<c>E_PushCamera</c>).</summary>
    Camera = 0,

    /// <summary>The shared screen (<c>E_PushScreen</c>).</summary>
    Screen = 1,
}

/// <summary>iLiveSDK's <c>E_iLiveStreamEncode</c>. OpenLive produces <see cref="Hls"/>, <see cref="Rtmp"/> and <see cref="HlsAndRtmp"/>.</summary>
public enum StreamEncode
{
    /// <summary>No live output (a recording only); OpenLive's.</summary>
    None = 0,

    /// <summary>Live HLS served by the server (<c>HLS</c>, 0x01).</summary>
    Hls = 0x01,

    /// <summary><c>FLV</c> (0x02): not produced (8023).</summary>
    Flv = 0x02,

    /// <summary><c>RAW</c> (0x04): not produced (8023).</summary>
    Raw = 0x04,

    /// <summary>RTMP push to the app's configured ingest (<c>RTMP</c>, 0x05).</summary>
    Rtmp = 0x05,

    /// <summary>Both (<c>HLS_AND_RTMP</c>, 0x06).</summary>
    HlsAndRtmp = 0x06,
}

/// <summary>iLiveSDK's <c>E_RecordFileType</c>. OpenLive records <see cref="Mp4"/> only (WebM or fragmented MP4 by codec).</summary>
public enum RecordFileType
{
    /// <summary>No recording (<c>RecordFile_NONE</c>).</summary>
    None = 0,

    /// <summary><c>RecordFile_HLS</c>: not produced (8023).</summary>
    Hls = 1,

    /// <summary><c>RecordFile_FLV</c>: not produced (8023).</summary>
    Flv = 2,

    /// <summary><c>RecordFile_HLS_FLV</c>: not produced (8023).</summary>
    HlsFlv = 3,

    /// <summary>A recording file without transcoding (<c>RecordFile_MP4</c>): WebM for VP8/VP9/AV1 + Opus, fragmented MP4 for H.264 + Opus.</summary>
    Mp4 = 4,

    /// <summary><c>RecordFile_HLS_MP4</c>: not produced (8023).</summary>
    HlsMp4 = 5,

    /// <summary><c>RecordFile_FLV_MP4</c>: not produced (8023).</summary>
    FlvMp4 = 6,

    /// <summary><c>RecordFile_HLS_FLV_MP4</c>: not produced (8023).</summary>
    HlsFlvMp4 = 7,

    /// <summary><c>RecordFile_MP3</c> (0x10): not produced (8023).</summary>
    Mp3 = 0x10,
}
