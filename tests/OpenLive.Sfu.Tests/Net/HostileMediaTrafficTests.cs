using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>
/// The media port under a flood of hostile datagrams from many source ports (issue 12, hostile clients): the SFU's
/// media thread survives every datagram, the viewer of a real flow keeps receiving frames, and neither transports nor
/// managed memory grow. The long run with figures is benchmarks/hostile-media.sh.
/// </summary>
public sealed class HostileMediaTrafficTests
{
    [Fact]
    public async Task AFloodFrom64SourcePorts_LeavesTheSfuHealthy_AndTheViewerReceivingFrames()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var scenario = await HostileMediaScenario.StartAsync(framesPerSecond: 30, bitrate: 500_000, cancel);
        using (var firstFrame = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            firstFrame.CancelAfter(TimeSpan.FromSeconds(20));
            while (scenario.FramesReceived == 0)
            {
                await Task.Delay(20, firstFrame.Token);
            }
        }

        var transports = scenario.Engine.TransportCount;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var framesBefore = await scenario.CountFramesAsync(TimeSpan.FromSeconds(2), cancel);

        var framesAtStart = scenario.FramesReceived;
        var flood = await scenario.FloodAsync(TimeSpan.FromSeconds(3), sockets: 64, threads: 1, cancel);
        var framesDuring = scenario.FramesReceived - framesAtStart;
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var framesAfter = await scenario.CountFramesAsync(TimeSpan.FromSeconds(1), cancel);

        var figures =
            $"flood: {flood.Datagrams} datagrams in {flood.Elapsed.TotalSeconds:F1} s ({flood.Rate:F0}/s); frames: {framesBefore} in 2 s before, "
            + $"{framesDuring} in {flood.Elapsed.TotalSeconds:F1} s during, {framesAfter} in 1 s after; managed memory {memoryBefore / 1024} KiB → {memoryAfter / 1024} KiB; "
            + $"unrouted {scenario.Engine.UnroutedDatagrams}";
        TestContext.Current.TestOutputHelper?.WriteLine(figures);
        Assert.True(flood.Datagrams > 10_000, figures);
        Assert.Equal(0, scenario.Engine.MediaThreadFailures);
        Assert.Equal(transports, scenario.Engine.TransportCount);
        Assert.True(framesBefore >= 30, figures);
        Assert.True(framesDuring * 2.0 / flood.Elapsed.TotalSeconds >= framesBefore * 0.25, figures);
        Assert.True(framesAfter > 0, figures);
        Assert.InRange(memoryAfter - memoryBefore, long.MinValue, 16 * 1024 * 1024);
    }
}
