using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class StderrTailTests
{
    [Fact]
    public async Task ReadToEnd_KeepsTheLastLines_CutAndRedacted()
    {
        Assert.True(RtmpOutputTarget.TryCreate("rtmp://h/live/SECRETKEY", out var target, out _));
        var logged = new List<string>();
        var tail = new StderrTail(3, target!.Redact, logged.Add);
        var longLine = new string('x', 10_000) + "rtmp://h/live/SECRETKEY" + new string('y', 10_000);
        var cutKey = new string('z', StderrTail.MaxLineLength + (4 * RtmpOutputTarget.MaxUrlLength) - 6) + "rtmp://h/live/SECRETKEY";

        await tail.ReadToEndAsync(new StringReader($"one\ntwo\rthree\n{longLine}\n{cutKey}\nrtmp://h/live/SECRETKEY: refused"));

        Assert.Equal(6, logged.Count);
        Assert.Equal(3, tail.Lines.Count);
        Assert.Equal("rtmp://h/live/***: refused", tail.LastLine);
        Assert.All(logged, line => Assert.DoesNotContain("SECRET", line, StringComparison.Ordinal));
        Assert.All(logged, line => Assert.True(line.Length <= StderrTail.MaxLineLength + 1));
    }
}
