namespace OpenLive.Sdk.Rooms;

/// <summary>iLiveSDK's <c>RecordOption</c>: a recording of a member's stream (stopped with <see cref="LiveRoom.StopRecordVideoAsync"/>).</summary>
public sealed class RecordOption
{
    /// <summary>Camera or screen (iLiveSDK <c>recordDataType</c>).</summary>
    public PushDataType RecordDataType { get; set; }

    /// <summary>The file name stem: 1–64 of <c>A-Z a-z 0-9 _ - .</c>, not starting with '.'; null for a generated one.</summary>
    public string? FileName { get; set; }

    /// <summary>Tencent VOD's <c>classId</c>: accepted, not used.</summary>
    public uint ClassId { get; set; }

    /// <summary>Whose stream (a member of the room); null for this client's own.</summary>
    public string? UserId { get; set; }

    internal Protocol.V1.RecordOption ToWire() => new()
    {
        RecordDataType = (uint)RecordDataType,
        FileName = FileName ?? string.Empty,
        ClassId = ClassId,
        UserId = UserId ?? string.Empty,
    };
}
