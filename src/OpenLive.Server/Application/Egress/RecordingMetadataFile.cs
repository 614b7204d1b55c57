using System.Text.Json;

namespace OpenLive.Server.Application.Egress;

/// <summary>Reads and writes a recording's sidecar; writes are atomic (a temporary file renamed over the old one).</summary>
internal static class RecordingMetadataFile
{
    /// <summary>The sidecar's largest accepted size: anything bigger is not ours.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Writes <paramref name="metadata"/> to <paramref name="path"/> atomically. Throws <see cref="IOException"/> / <see cref="UnauthorizedAccessException"/>.</summary>
    public static void Write(string path, RecordingMetadata metadata)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, metadata, RecordingMetadataJson.Default.RecordingMetadata);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a sidecar; null when missing, too large or not one (never throws on the file's content).</summary>
    public static RecordingMetadata? TryRead(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes)
            {
                return null;
            }

            return JsonSerializer.Deserialize(File.ReadAllBytes(path), RecordingMetadataJson.Default.RecordingMetadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
