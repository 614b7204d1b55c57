using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class HlsOutputTargetTests
{
    [Theory]
    [InlineData("hls")]
    [InlineData("app-1/room_2/member.3/hls")]
    public void TryCreate_PutsTheDirectoryUnderTheRoot(string relative)
    {
        Assert.True(HlsOutputTarget.TryCreate("/srv/recordings", relative, out var target, out var problem), problem);
        Assert.Equal("/srv/recordings/" + relative, target!.Directory);
        Assert.Equal("/srv/recordings/" + relative + "/index.m3u8", target.PlaylistPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/../../etc")]
    [InlineData("/etc")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a/b/")]
    [InlineData("seg-%d")]
    [InlineData("a b")]
    [InlineData("a\\..\\b")]
    [InlineData("ünïcode")]
    public void TryCreate_RefusesPathsThatCouldLeaveTheRootOrReachFfmpegAsTemplates(string relative) =>
        Assert.False(HlsOutputTarget.TryCreate("/srv/recordings", relative, out _, out _));

    [Theory]
    [InlineData("relative/root")]
    [InlineData("/srv/rec%d")]
    public void TryCreate_RefusesARootThatIsNotAbsoluteOrHasPercent(string root) =>
        Assert.False(HlsOutputTarget.TryCreate(root, "hls", out _, out _));

    [Fact]
    public void TryCreate_RefusesOverlongPaths() =>
        Assert.False(HlsOutputTarget.TryCreate("/srv/recordings", new string('a', HlsOutputTarget.MaxRelativeDirectoryLength + 1), out _, out _));
}
