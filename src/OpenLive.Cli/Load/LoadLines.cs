using System.Text.Json.Serialization;

namespace OpenLive.Cli.Load;

// The JSON lines `openlive load` prints (docs/cli.md#openlive-load). Every line starts with "t" (Unix wall-clock
// milliseconds, so another process on the machine can line them up with its own clock) and "event".

/// <summary>A member logged in, entered the room and (host, co-host) published.</summary>
internal sealed record MemberLine(string User, string Role, string Server, string State)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "member";
}

/// <summary>A member's connection state changed (Reconnecting, Connected, Disconnected), or its room ended (RoomEnded).</summary>
internal sealed record StateLine(string User, string State, string? Reason, string? Module, int? Code)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "state";
}

/// <summary>The room's media moved to another node (its node lost or drained) and the member's media is connected again there.</summary>
internal sealed record MediaLine(string User, uint Epoch, bool Republished)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "media";
}

/// <summary>What one member has received so far, per remote track (cumulative).</summary>
internal sealed record FramesLine(string User, IReadOnlyList<TrackCount> Tracks)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "frames";
}

/// <summary>One remote track: who publishes it, which source, video frames (0 for audio) and RTP packets received.</summary>
internal sealed record TrackCount(string From, string Source, long Frames, long Packets);

/// <summary>A chat send finished: acknowledged by the server, or failed with an error code.</summary>
internal sealed record SentLine(string User, long Seq, bool Acked, int? Error, string? Module, long Ms)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "sent";
}

/// <summary>A member received a room text message.</summary>
internal sealed record ChatLine(string User, string From, string Text)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "chat";
}

/// <summary>A failure: a login, join or publish refused, a forced offline, a room lost with an error.</summary>
internal sealed record ErrorLine(string? User, int Code, string Module, string Message)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "error";
}

/// <summary>The last line: how the run went.</summary>
internal sealed record SummaryLine(int Members, int Joined, int Failed, long Sent, long Acked, long ChatReceived, long FramesReceived, long DurationMs, int ExitCode)
{
    [JsonPropertyOrder(-2)]
    public long T { get; init; }

    [JsonPropertyOrder(-1)]
    public string Event { get; init; } = "summary";
}

/// <summary>Source-generated serialization of the lines: no reflection, and trimming-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MemberLine))]
[JsonSerializable(typeof(StateLine))]
[JsonSerializable(typeof(MediaLine))]
[JsonSerializable(typeof(FramesLine))]
[JsonSerializable(typeof(SentLine))]
[JsonSerializable(typeof(ChatLine))]
[JsonSerializable(typeof(ErrorLine))]
[JsonSerializable(typeof(SummaryLine))]
internal sealed partial class LoadJson : JsonSerializerContext;
