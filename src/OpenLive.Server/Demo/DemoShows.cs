using System.Collections.Concurrent;

namespace OpenLive.Server.Demo;

/// <summary>
/// The titles hosts give their shows, by room grain key: the demo's own business data (Suixinbo kept it in its app
/// server, not in iLiveSDK). In memory on the node, forgotten when the room is gone.
/// </summary>
internal sealed class DemoShows
{
    /// <summary>The longest title, in characters.</summary>
    public const int MaxTitleLength = 64;

    private readonly ConcurrentDictionary<string, string> _titles = new(StringComparer.Ordinal);

    public void SetTitle(string roomKey, string title) => _titles[roomKey] = title;

    public string? TitleOf(string roomKey) => _titles.TryGetValue(roomKey, out var title) ? title : null;

    /// <summary>Forgets the titles of rooms that no longer exist.</summary>
    public void Prune(IReadOnlyCollection<string> existingRoomKeys)
    {
        foreach (var key in _titles.Keys)
        {
            if (!existingRoomKeys.Contains(key))
            {
                _titles.TryRemove(key, out _);
            }
        }
    }

    /// <summary>A title as shown: trimmed; null when empty, too long or holding control characters.</summary>
    public static string? Normalize(string? title)
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxTitleLength || trimmed.Any(char.IsControl))
        {
            return null;
        }

        return trimmed;
    }
}
