using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLive.Egress.Recording;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// At start-up, finds recordings whose sidecar still says <see cref="RecordingState.Recording"/> — the node died while
/// writing them — cuts each file to its last whole cluster (WebM) or fragment (MP4), and marks it failed with error
/// "interrupted", so every file the catalog lists plays.
/// </summary>
internal sealed partial class RecordingRecovery(RecordingCatalog catalog, [FromKeyedServices(ServerClock.Key)] TimeProvider time, ILogger<RecordingRecovery> logger) : IHostedService
{
    /// <summary>The error of a recording the node's end interrupted.</summary>
    public const string Interrupted = "interrupted";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecoverAll();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Recovers every interrupted recording; returns how many.</summary>
    public int RecoverAll()
    {
        var recovered = 0;
        IEnumerable<string> sidecars;
        try
        {
            sidecars = [.. catalog.AllMetadataFiles()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogScanFailed(e.Message);
            return 0;
        }

        foreach (var sidecar in sidecars)
        {
            if (RecordingMetadataFile.TryRead(sidecar) is not { State: RecordingState.Recording } metadata)
            {
                continue;
            }

            long? size = null;
            if (metadata.File is { } file && IsUnder(catalog.RecordingsDirectory, file))
            {
                var path = RecordingLayout.Resolve(catalog.RecordingsDirectory, file);
                var container = metadata.Container == "mp4" ? RecordingContainer.Mp4 : RecordingContainer.WebM;
                var outcome = RecordingFileRecovery.TryTruncate(path, container);
                size = File.Exists(path) ? new FileInfo(path).Length : null;
                LogRecovered(file, outcome.ToString(), size ?? 0);
            }

            try
            {
                RecordingMetadataFile.Write(sidecar, metadata with { State = RecordingState.Failed, Error = Interrupted, EndedAt = time.GetUtcNow(), Size = size });
                recovered++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogScanFailed(e.Message);
            }
        }

        return recovered;
    }

    /// <summary>A sidecar's file must be a relative path inside the recordings directory (sidecars are files an attacker with disk access could edit).</summary>
    private static bool IsUnder(string root, string relative)
    {
        if (Path.IsPathRooted(relative))
        {
            return false;
        }

        var full = Path.GetFullPath(RecordingLayout.Resolve(root, relative));
        return full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {File} was interrupted (the node stopped while writing it): {Outcome}, {Size} bytes kept")]
    private partial void LogRecovered(string file, string outcome, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording recovery could not read or update the recordings directory: {Error}")]
    private partial void LogScanFailed(string error);
}
