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

    [Theory]
    [InlineData("localhost")]
    [InlineData("10.0.0.1:7882")]
    [InlineData("fe80::1%eth0")]
    [InlineData("")]
    public void ABindAddressThatIsNotAnIPAddress_IsRefused(string bind)
    {
        Assert.False(IsValid(new SfuOptions { BindAddress = bind }));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("203.0.113.10,example.com")]
    public void AnAnnouncedAddressClientsCannotSendTo_IsRefused(string announced)
    {
        var options = new SfuOptions();
        options.AnnouncedAddresses.Add(announced);
        Assert.False(IsValid(options));
    }

    [Fact]
    public void AnnouncedAddresses_TakeCommaSeparatedLists_OfBothFamilies()
    {
        var options = new SfuOptions { BindAddress = "::" };
        options.AnnouncedAddresses.Add("203.0.113.10, 2001:db8::10");
        options.AnnouncedAddresses.Add("[2001:db8::11]");
        Assert.True(IsValid(options));
        Assert.Equal(["203.0.113.10", "2001:db8::10", "2001:db8::11"], options.ParsedAnnouncedAddresses().Select(a => a.ToString()));
    }
}
