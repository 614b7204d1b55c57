using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The sidecar of one recording (<c>{file id}.json</c>), written atomically when the file opens and when it ends: what
/// the admin API lists and what start-up recovery reads (a <see cref="RecordingState.Recording"/> left behind means
/// the node died while writing).
/// </summary>
internal sealed record RecordingMetadata
{
    /// <summary>The channel that wrote it.</summary>
    public required ulong ChannelId { get; init; }

    public required uint AppId { get; init; }

    public required string RoomId { get; init; }

    public required string MemberId { get; init; }

    /// <summary>camera or screen.</summary>
    public required string Video { get; init; }

    public required bool AudioOnly { get; init; }

    /// <summary>The name the app gave (iLiveSDK's RecordOption.fileName), or null.</summary>
    public string? Name { get; init; }

    public required string StartedBy { get; init; }

    /// <summary>The file id without extension (relative to the recordings directory).</summary>
    public required string FileId { get; init; }

    /// <summary>The media file, relative to the recordings directory; null before it opened.</summary>
    public string? File { get; init; }

    /// <summary>webm or mp4.</summary>
    public string? Container { get; init; }

    /// <summary>The tracks' codecs, video first (e.g. vp8, opus).</summary>
    public IReadOnlyList<string> Codecs { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Media duration in milliseconds.</summary>
    public long? DurationMs { get; init; }

    /// <summary>File size in bytes.</summary>
    public long? Size { get; init; }

    public required RecordingState State { get; init; }

    /// <summary>Why it ended early, or null.</summary>
    public string? Error { get; init; }
}

/// <summary>Where a recording stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordingState>))]
internal enum RecordingState
{
    /// <summary>Being written.</summary>
    Recording,

    /// <summary>Ended and finalized.</summary>
    Ended,

    /// <summary>Ended with an error (<see cref="RecordingMetadata.Error"/>); what was written plays.</summary>
    Failed,
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RecordingMetadata))]
internal sealed partial class RecordingMetadataJson : JsonSerializerContext;
