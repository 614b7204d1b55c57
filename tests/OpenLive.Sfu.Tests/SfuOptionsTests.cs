using System.ComponentModel.DataAnnotations;

namespace OpenLive.Sfu.Tests;

/// <summary>The media settings are checked at start (the server validates their data annotations).</summary>
public sealed class SfuOptionsTests
{
    private static bool IsValid(SfuOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

    [Fact]
    public void TheDefaults_AreValid_AndBoundRetransmissions()
    {
        var options = new SfuOptions();
        Assert.True(IsValid(options));
        Assert.Equal(500, options.RetransmitPacketsPerSecond);
        Assert.Equal(625_000, options.RetransmitBytesPerSecond);
        Assert.Equal(128, options.NackSequenceNumbersPerPacket);
    }

    [Theory]
    [InlineData(nameof(SfuOptions.RetransmitPacketsPerSecond), 0)]
    [InlineData(nameof(SfuOptions.RetransmitPacketsPerSecond), 1_000_000)]
    [InlineData(nameof(SfuOptions.RetransmitBytesPerSecond), 1000)]
    [InlineData(nameof(SfuOptions.NackSequenceNumbersPerPacket), 0)]
    [InlineData(nameof(SfuOptions.NackSequenceNumbersPerPacket), 100_000)]
    public void RetransmissionSettings_OutOfRange_AreRefused(string setting, int value)
    {
        var options = new SfuOptions();
        typeof(SfuOptions).GetProperty(setting)!.SetValue(options, value);
        Assert.False(IsValid(options));
    }
}
