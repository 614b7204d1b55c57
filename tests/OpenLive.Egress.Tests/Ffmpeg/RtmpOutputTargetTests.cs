using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class RtmpOutputTargetTests
{
    [Theory]
    [InlineData("rtmp://live.example.com/app/streamkey")]
    [InlineData("rtmps://live.example.com:443/app/streamkey?auth=abc")]
    [InlineData("rtmp://10.0.0.1:1935/live/a/b")]
    public void TryCreate_AcceptsRtmpUrlsWithHostAppAndKey(string url) =>
        Assert.True(RtmpOutputTarget.TryCreate(url, out _, out var problem), problem);

    [Theory]
    [InlineData("")]
    [InlineData("http://live.example.com/app/key")]
    [InlineData("file:///etc/passwd")]
    [InlineData("rtmp:///app/key")]
    [InlineData("rtmp://live.example.com/appOnly")]
    [InlineData("rtmp://live.example.com/app/")]
    [InlineData("rtmp://user:pass@live.example.com/app/key")]
    [InlineData("rtmp://live.example.com/app/key with space")]
    [InlineData("rtmp://live.example.com/app/key\n-y")]
    [InlineData("-i rtmp://live.example.com/app/key")]
    public void TryCreate_RefusesAnythingElse(string url)
    {
        Assert.False(RtmpOutputTarget.TryCreate(url, out var target, out var problem));
        Assert.Null(target);
        Assert.DoesNotContain("key", problem.Replace("stream key", "", StringComparison.Ordinal).Replace("streamkey", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_RefusesOverlongUrls() =>
        Assert.False(RtmpOutputTarget.TryCreate("rtmp://h/app/" + new string('k', RtmpOutputTarget.MaxUrlLength), out _, out _));

    [Fact]
    public void DescriptionAndRedact_HideTheStreamKeyAndQuery()
    {
        Assert.True(RtmpOutputTarget.TryCreate("rtmp://cdn.example.com:1935/live/secretKey42?token=tok987654", out var target, out _));

        Assert.Equal("RTMP rtmp://cdn.example.com:1935/live/***", target!.Description);
        var line = target.Redact("rtmp://cdn.example.com:1935/live/secretKey42?token=tok987654: Connection refused; playpath secretKey42, token tok987654");
        Assert.DoesNotContain("secretKey42", line, StringComparison.Ordinal);
        Assert.DoesNotContain("tok987654", line, StringComparison.Ordinal);
        Assert.StartsWith("rtmp://cdn.example.com:1935/live/***: Connection refused", line, StringComparison.Ordinal);
    }
}
