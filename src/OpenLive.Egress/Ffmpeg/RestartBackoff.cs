namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// When to restart a failed ffmpeg: at most <see cref="FfmpegOutputOptions.MaxRestarts"/> restarts within a sliding
/// <see cref="FfmpegOutputOptions.RestartWindow"/>, waiting <c>min · 2^k</c> (k = restarts already in the window),
/// capped at the maximum — the exponential back-off with a budget that supervisors (systemd's StartLimitBurst,
/// LiveKit egress's retries) use so a broken ingest is not hammered and a flapping one gives up.
/// </summary>
internal sealed class RestartBackoff(FfmpegOutputOptions options)
{
    private readonly Queue<DateTimeOffset> _restarts = new();

    /// <summary>Whether another restart is allowed at <paramref name="now"/>, and after which delay.</summary>
    public bool TryNext(DateTimeOffset now, out TimeSpan delay)
    {
        while (_restarts.TryPeek(out var oldest) && now - oldest >= options.RestartWindow)
        {
            _restarts.Dequeue();
        }

        if (_restarts.Count >= options.MaxRestarts)
        {
            delay = TimeSpan.Zero;
            return false;
        }

        var factor = Math.Pow(2, _restarts.Count);
        var ticks = Math.Min(options.RestartBackoffMax.Ticks, options.RestartBackoffMin.Ticks * factor);
        delay = TimeSpan.FromTicks((long)ticks);
        _restarts.Enqueue(now);
        return true;
    }
}
