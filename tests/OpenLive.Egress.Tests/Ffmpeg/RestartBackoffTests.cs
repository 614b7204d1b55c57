using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryNext_DoublesFromTheMinimum_CapsAtTheMaximum_AndRefusesPastTheBudget()
    {
        var backoff = new RestartBackoff(new FfmpegOutputOptions
        {
            RestartBackoffMin = TimeSpan.FromSeconds(1), RestartBackoffMax = TimeSpan.FromSeconds(5), MaxRestarts = 4, RestartWindow = TimeSpan.FromMinutes(1),
        });

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(backoff.TryNext(T0.AddSeconds(i), out var delay));
            delays.Add(delay);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)], delays);
        Assert.False(backoff.TryNext(T0.AddSeconds(10), out _));
    }

    [Fact]
    public void TryNext_ForgetsRestartsOlderThanTheWindow()
    {
        var backoff = new RestartBackoff(new FfmpegOutputOptions
        {
            RestartBackoffMin = TimeSpan.FromSeconds(1), RestartBackoffMax = TimeSpan.FromSeconds(30), MaxRestarts = 2, RestartWindow = TimeSpan.FromMinutes(1),
        });
        Assert.True(backoff.TryNext(T0, out _));
        Assert.True(backoff.TryNext(T0.AddSeconds(1), out _));
        Assert.False(backoff.TryNext(T0.AddSeconds(30), out _));

        Assert.True(backoff.TryNext(T0.AddMinutes(2), out var afterQuiet));
        Assert.Equal(TimeSpan.FromSeconds(1), afterQuiet);
    }
}
