using Microsoft.Extensions.Time.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>The SDK's one retry schedule (reconnects, media restarts, republishing): doubling from the first delay to the last.</summary>
public sealed class RetryBackoffTests
{
    [Fact]
    public async Task EachWait_DoublesTheLast_UpToTheLongest()
    {
        var time = new FakeTimeProvider();
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));
        foreach (var expected in new[] { 500, 1000, 2000, 2000 })
        {
            var wait = backoff.WaitAsync(time);
            time.Advance(TimeSpan.FromMilliseconds(expected - 1));
            Assert.False(wait.IsCompleted, $"done before {expected} ms");
            time.Advance(TimeSpan.FromMilliseconds(1));
            await wait.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
