using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class LiveKeyframeCadenceTests
{
    private const int Clock = 90_000;
    private const int FrameTicks = Clock / 30;

    private sealed class CountingRequester : IKeyframeRequester
    {
        public List<long> At { get; } = [];

        public long Now { get; set; }

        public void RequestKeyframe() => At.Add(Now);
    }

    /// <summary>Feeds 30 fps frames from <paramref name="first"/> for <paramref name="seconds"/>; keyframes where <paramref name="isKeyframe"/> says.</summary>
    private static void Feed(LiveKeyframeCadence cadence, CountingRequester requester, int readers, long first, double seconds, Func<long, bool>? isKeyframe = null)
    {
        for (var dts = first; dts < first + (long)(seconds * Clock); dts += FrameTicks)
        {
            requester.Now = dts;
            cadence.Observe(dts, isKeyframe?.Invoke(dts) ?? false, Clock, readers, requester);
        }
    }

    [Fact]
    public void AGopLongerThanTheInterval_GetsOneRequestPerInterval_WhileAReaderIsSubscribed()
    {
        var cadence = new LiveKeyframeCadence { Interval = TimeSpan.FromSeconds(1) };
        var requester = new CountingRequester();

        // A publisher that never sends a keyframe after the first (libwebrtc's H.264 default): one request a second.
        Feed(cadence, requester, readers: 1, first: 0, seconds: 5.5, isKeyframe: dts => dts == 0);

        Assert.Equal([1 * Clock, 2 * Clock, 3 * Clock, 4 * Clock, 5 * Clock], requester.At);
        Assert.Equal(5, cadence.Requests);
    }

    [Fact]
    public void KeyframesThatArriveOnTheirOwn_RestartTheCount_SoNoRequestIsMade()
    {
        var cadence = new LiveKeyframeCadence { Interval = TimeSpan.FromSeconds(2) };
        var requester = new CountingRequester();

        Feed(cadence, requester, readers: 1, first: 0, seconds: 10, isKeyframe: dts => dts % Clock == 0);

        Assert.Empty(requester.At);
    }

    [Fact]
    public void WithoutAReader_OrWithoutAnInterval_NothingIsRequested()
    {
        var requester = new CountingRequester();

        Feed(new LiveKeyframeCadence { Interval = TimeSpan.FromSeconds(1) }, requester, readers: 0, first: 0, seconds: 5);
        Feed(new LiveKeyframeCadence(), requester, readers: 1, first: 0, seconds: 5);

        Assert.Empty(requester.At);
    }

    [Fact]
    public void ATimelineThatGoesBack_CountsFromItsNewStart_InsteadOfRequestingAtOnce()
    {
        var cadence = new LiveKeyframeCadence { Interval = TimeSpan.FromSeconds(1) };
        var requester = new CountingRequester();

        Feed(cadence, requester, readers: 1, first: 10 * Clock, seconds: 0.5);
        Feed(cadence, requester, readers: 1, first: 0, seconds: 1.5);

        Assert.Equal([1 * Clock], requester.At);
    }
}
