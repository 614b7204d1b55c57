namespace OpenLive.Testing;

/// <summary>A fixture's teardown: stops what it started, in order, also after a start that failed part way.</summary>
public static class Teardown
{
    /// <summary>
    /// Disposes each part that exists (async ones awaited); the nulls are the parts a failed start never reached. A helper
    /// process left running (redis-server, PostgreSQL) would outlive the test run.
    /// </summary>
    public static async ValueTask StopAsync(params object?[] parts)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case IAsyncDisposable asynchronous:
                    await asynchronous.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable synchronous:
                    synchronous.Dispose();
                    break;
            }
        }
    }
}
