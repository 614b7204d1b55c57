using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class FfmpegOutputOptionsValidatorTests
{
    private static readonly FfmpegOutputOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreValid() => Assert.True(Validator.Validate(null, new FfmpegOutputOptions()).Succeeded);

    [Theory]
    [InlineData(nameof(FfmpegOutputOptions.RestartBackoffMin))]
    [InlineData(nameof(FfmpegOutputOptions.MaxRestarts))]
    [InlineData(nameof(FfmpegOutputOptions.HlsSegmentSeconds))]
    [InlineData(nameof(FfmpegOutputOptions.HlsWindowSegments))]
    [InlineData(nameof(FfmpegOutputOptions.FfmpegPath))]
    [InlineData(nameof(FfmpegOutputOptions.RecordingsRoot))]
    [InlineData(nameof(FfmpegOutputOptions.RestartWindow))]
    public void Validate_RefusesOutOfRangeValues(string property)
    {
        var options = new FfmpegOutputOptions();
        switch (property)
        {
            case nameof(FfmpegOutputOptions.RestartBackoffMin): options.RestartBackoffMin = TimeSpan.FromMinutes(2); options.RestartBackoffMax = TimeSpan.FromMinutes(1); break;
            case nameof(FfmpegOutputOptions.MaxRestarts): options.MaxRestarts = -1; break;
            case nameof(FfmpegOutputOptions.HlsSegmentSeconds): options.HlsSegmentSeconds = 0.1; break;
            case nameof(FfmpegOutputOptions.HlsWindowSegments): options.HlsWindowSegments = 1; break;
            case nameof(FfmpegOutputOptions.FfmpegPath): options.FfmpegPath = "bin/ffmpeg"; break;
            case nameof(FfmpegOutputOptions.RecordingsRoot): options.RecordingsRoot = "/srv/rec%d"; break;
            case nameof(FfmpegOutputOptions.RestartWindow): options.RestartWindow = TimeSpan.Zero; break;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(property, result.FailureMessage, StringComparison.Ordinal);
    }
}
