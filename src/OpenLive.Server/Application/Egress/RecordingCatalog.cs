using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The recordings of an app (or one of its rooms) as their sidecar metadata says (for the admin API): read from the
/// recordings directory, newest first, bounded. Sidecars that are not ours (unreadable, malformed, too large) are
/// skipped.
/// </summary>
internal sealed class RecordingCatalog
{
    /// <summary>Most entries one listing returns.</summary>
    public const int MaxEntries = 10_000;

    public RecordingCatalog(IOptions<RecordingStorageOptions> options, IOptions<ServerOptions> server)
    {
        RecordingsDirectory = options.Value.ResolveDirectory(server.Value.DataDirectory);
    }

    /// <summary>The recordings directory (absolute).</summary>
    public string RecordingsDirectory { get; }

    /// <summary>The app's recordings, of one room when <paramref name="roomId"/> is given; newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RecordingMetadata> List(uint appId, string? roomId = null, int limit = 1000)
    {
        limit = Math.Clamp(limit, 1, MaxEntries);
        var directory = RecordingLayout.Resolve(RecordingsDirectory, RecordingLayout.Directory(appId, roomId));
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var found = new List<RecordingMetadata>();
        try
        {
            // {app}/{room}/{member}/{stem}.json: a room's directory holds members' directories, an app's holds rooms'.
            var depth = roomId is null ? "*/*/*.json" : "*/*.json";
            foreach (var path in Enumerate(directory, depth))
            {
                if (RecordingMetadataFile.TryRead(path) is { } metadata && metadata.AppId == appId && (roomId is null || metadata.RoomId == roomId))
                {
                    found.Add(metadata);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory that vanished or cannot be read lists as what was read so far.
        }

        return [.. found.OrderByDescending(m => m.StartedAt).ThenByDescending(m => m.ChannelId).Take(limit)];
    }

    /// <summary>Every sidecar under the directory (start-up recovery).</summary>
    public IEnumerable<string> AllMetadataFiles() =>
        Directory.Exists(RecordingsDirectory) ? Enumerate(RecordingsDirectory, "*/*/*/*.json") : [];

    private static IEnumerable<string> Enumerate(string directory, string pattern)
    {
        var parts = pattern.Split('/');
        IEnumerable<string> level = [directory];
        foreach (var part in parts[..^1])
        {
            level = level.SelectMany(d => Directory.EnumerateDirectories(d, part));
        }

        return level.SelectMany(d => Directory.EnumerateFiles(d, parts[^1]));
    }
}
