namespace OpenLive.Sdk;

/// <summary>
/// The wait before the next try of something that failed for a reason that passes (a node not answering yet, a
/// reconnecting session, the server's "too soon"): it starts at <c>first</c> and doubles up to <c>last</c>, so a
/// quick recovery is caught early and a long outage costs one try every <c>last</c>.
/// </summary>
internal struct RetryBackoff(TimeSpan first, TimeSpan last)
{
    private TimeSpan _next = first;

    /// <summary>Waits the current delay on <paramref name="time"/>, then doubles it (up to the last).</summary>
    public Task WaitAsync(TimeProvider time)
    {
        var delay = _next;
        _next = _next * 2 < last ? _next * 2 : last;
        return Task.Delay(delay, time);
    }
}
