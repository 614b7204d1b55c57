using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Media;

public sealed class EgressTrackTests
{
    [Theory]
    [InlineData(EgressCodec.Vp8, true)]
    [InlineData(EgressCodec.Vp9, true)]
    [InlineData(EgressCodec.Av1, true)]
    [InlineData(EgressCodec.H264, true)]
    [InlineData(EgressCodec.Opus, false)]
    public void IsVideo_IsTrueForEveryCodecButOpus(EgressCodec codec, bool video) =>
        Assert.Equal(video, new EgressTrack(codec, video ? 90_000 : 48_000, video ? 0 : 2).IsVideo);
}
