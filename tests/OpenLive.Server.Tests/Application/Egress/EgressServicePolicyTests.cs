using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Egress;

/// <summary>The egress policy's settings are checked at start, and the option values at every request.</summary>
public sealed class EgressServicePolicyTests
{
    [Fact]
    public async Task OutOfRangeLimits_StopTheServerAtStart()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestServer.StartAsync(null, "--OpenLive:EgressPolicy:MaxChannelsPerRoom=0"));

        Assert.Contains(nameof(EgressPolicyOptions.MaxChannelsPerRoom), failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u, 0x01u, 0u, false, true, false)]
    [InlineData(1u, 0x05u, 4u, true, false, true)]
    [InlineData(0u, 0x06u, 4u, true, true, true)]
    [InlineData(0u, 0x00u, 4u, true, false, false)]
    public void IliveSdkNumbers_BecomeTheOrder(uint dataType, uint encode, uint recordFileType, bool record, bool hls, bool rtmp)
    {
        var order = EgressOptionValues.PushOrder(new PushOptionValues(dataType, encode, recordFileType, false, "", "bob"), "bob", ["rtmp://127.0.0.1/live/a"]);

        Assert.Equal((dataType == 1, record, hls, rtmp ? 1 : 0), (order.Screen, order.Record, order.Hls, order.RtmpUrls.Length));
    }

    [Theory]
    [InlineData(0x02u, 0u, ILiveErrorCode.NotSupport)]
    [InlineData(0x03u, 0u, ILiveErrorCode.NotSupport)]
    [InlineData(0x04u, 0u, ILiveErrorCode.NotSupport)]
    [InlineData(0x07u, 0u, ILiveErrorCode.InvalidParam)]
    [InlineData(uint.MaxValue, 0u, ILiveErrorCode.InvalidParam)]
    [InlineData(0u, 1u, ILiveErrorCode.NotSupport)]
    [InlineData(0u, 0x10u, ILiveErrorCode.NotSupport)]
    [InlineData(0u, 0x08u, ILiveErrorCode.InvalidParam)]
    [InlineData(0u, uint.MaxValue, ILiveErrorCode.InvalidParam)]
    [InlineData(0u, 0u, ILiveErrorCode.InvalidParam)]
    [InlineData(0x05u, 0u, ILiveErrorCode.NotSupport)] // RTMP without an ingest for the app
    public void OtherNumbers_AreRefusedWithTheirCode(uint encode, uint recordFileType, ILiveErrorCode expected)
    {
        var refused = Assert.Throws<LiveException>(() => EgressOptionValues.PushOrder(new PushOptionValues(0, encode, recordFileType, false, "", "bob"), "bob", []));

        Assert.True(refused.Is(expected), refused.Message);
    }

    [Theory]
    [InlineData("show-1", true)]
    [InlineData("Show_2026.12.05", true)]
    [InlineData("a", true)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("../x", false)]
    [InlineData("x/../../y", false)]
    [InlineData("C:x", false)]
    [InlineData("a\\b", false)]
    [InlineData("tab\tname", false)]
    [InlineData("名字", false)]
    public void FileNames_HaveNoPathParts(string name, bool accepted)
    {
        if (accepted)
        {
            Assert.Equal(name, EgressOptionValues.FileName(name));
        }
        else
        {
            Assert.True(Assert.Throws<LiveException>(() => EgressOptionValues.FileName(name)).Is(ILiveErrorCode.InvalidParam));
        }

        Assert.Null(EgressOptionValues.FileName(""));
        Assert.True(Assert.Throws<LiveException>(() => EgressOptionValues.FileName(new string('f', EgressOptionValues.MaxFileNameLength + 1))).Is(ILiveErrorCode.InvalidParam));
    }

    [Theory]
    [InlineData("rtmp://user:pass@cdn.example.com:1935/live/show?key=s3cret", "rtmp://cdn.example.com:1935/live/")]
    [InlineData("rtmps://cdn.example.com/app/stream/part", "rtmps://cdn.example.com/app/")]
    [InlineData("rtmp://cdn.example.com/onlyapp", "rtmp://cdn.example.com/")]
    [InlineData("not a url", "")]
    public void AnswersShowIngestsWithoutCredentials(string url, string shown) =>
        Assert.Equal(shown, EgressOptionValues.WithoutCredentials(url));
}
