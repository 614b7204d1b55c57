namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>A live HLS media playlist as ffmpeg writes it (RFC 8216): the media sequence, the segment URIs, the end tag.</summary>
internal sealed record HlsPlaylist(long MediaSequence, IReadOnlyList<string> Segments, bool Ended)
{
    /// <summary>How many segments have been produced in all: the sequence number after the last listed one.</summary>
    public long End => MediaSequence + Segments.Count;

    public static HlsPlaylist? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sequence = lines.FirstOrDefault(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal)) is { } s
            ? long.Parse(s["#EXT-X-MEDIA-SEQUENCE:".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        return new HlsPlaylist(sequence, [.. lines.Where(l => !l.StartsWith('#'))], lines.Contains("#EXT-X-ENDLIST"));
    }

    /// <summary>Waits until the playlist at <paramref name="path"/> satisfies <paramref name="condition"/>.</summary>
    public static async Task<HlsPlaylist> WaitForAsync(string path, Func<HlsPlaylist, bool> condition, TimeSpan deadline, string what, Func<string>? context = null)
    {
        var until = DateTime.UtcNow + deadline;
        HlsPlaylist? last = null;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < until)
        {
            last = TryRead(path) ?? last;
            if (last is not null && condition(last))
            {
                return last;
            }

            await timer.WaitForNextTickAsync();
        }

        Assert.Fail($"playlist {path}: not {what} within {deadline}; last seen: {(last is null ? "none" : $"sequence {last.MediaSequence}, segments [{string.Join(", ", last.Segments)}], ended {last.Ended}")}; {context?.Invoke()}");
        return last!;
    }
}
