using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Where and how this node records (section <c>OpenLive:Egress</c>; docs/operations.md, "Recordings: layout, control
/// and failures").
/// </summary>
internal sealed class RecordingStorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "OpenLive:Egress";

    /// <summary>
    /// The recordings directory; empty for <c>recordings</c> under the server's data directory (<c>./data/recordings</c>
    /// by default, beside the SQLite database).
    /// </summary>
    [MaxLength(4096)]
    public string? RecordingsDirectory { get; set; }

    /// <summary>Recordings this node runs at once; more are refused with 10005. Default 200.</summary>
    [Range(1, 100_000)]
    public int MaxRecordings { get; set; } = 200;

    /// <summary>How long a recording waits for the member's audio and video to attach before the file starts with what is there. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TrackWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the recording worker drains the taps' rings and writes. Default 15 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan DrainInterval { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>The directory as used: <see cref="RecordingsDirectory"/>, or <c>recordings</c> under <paramref name="dataDirectory"/>.</summary>
    public string ResolveDirectory(string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(RecordingsDirectory) ? Path.Combine(dataDirectory, "recordings") : RecordingsDirectory);
}
