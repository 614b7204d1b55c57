namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>Waits on a condition with a deadline that says what it last saw (no sleeps in the tests' logic).</summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, Func<string> saw)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 30 s; saw {saw()}");
            await Task.Delay(50);
        }
    }
}
