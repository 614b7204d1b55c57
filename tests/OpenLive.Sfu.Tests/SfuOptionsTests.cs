using System.ComponentModel.DataAnnotations;
using System.Net;

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

    private static List<string> Errors(SfuOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }

    [Theory]
    [InlineData("10.0.0.5,10.1.0.5", new[] { "10.0.0.5", "10.1.0.5" })]
    [InlineData(" 203.0.113.5 , [2001:db8::5] ", new[] { "203.0.113.5", "2001:db8::5" })]
    [InlineData("::", new[] { "::" })]
    public void BindAddress_TakesACommaSeparatedList(string bind, string[] expected)
    {
        var options = new SfuOptions { BindAddress = bind };
        Assert.Empty(Errors(options));
        Assert.Equal(expected, options.ParsedBindAddresses().Select(a => a.ToString()));
        Assert.Equal(nameof(SfuOptions.BindAddress), options.BindSetting);
    }

    [Fact]
    public void BindAddresses_TakesPrecedenceOverBindAddress_AndNeitherMeansLoopback()
    {
        var options = new SfuOptions { BindAddress = "0.0.0.0" };
        options.BindAddresses.Add("10.0.0.5");
        options.BindAddresses.Add("2001:db8::5, 10.1.0.5");
        Assert.Empty(Errors(options));
        Assert.Equal(["10.0.0.5", "2001:db8::5", "10.1.0.5"], options.ParsedBindAddresses().Select(a => a.ToString()));
        Assert.Equal(nameof(SfuOptions.BindAddresses), options.BindSetting);
        Assert.True(options.BindAddressOverridden);

        Assert.Equal([IPAddress.Loopback], new SfuOptions().ParsedBindAddresses());
        Assert.False(new SfuOptions().BindAddressOverridden);
    }

    [Theory]
    [InlineData("10.0.0.5,10.0.0.5", "lists '10.0.0.5' twice")]
    [InlineData("10.0.0.5,[10.0.0.5]", "lists '[10.0.0.5]' twice")]
    [InlineData("::,10.0.0.5", "combines the wildcard '::' (every interface) with 10.0.0.5")]
    [InlineData("10.0.0.5,0.0.0.0", "combines the wildcard '0.0.0.0' (every interface) with 10.0.0.5")]
    [InlineData("0.0.0.0,::", "combines the wildcard '0.0.0.0'")]
    [InlineData("10.0.0.5,eth0", "'eth0' is not an IP address")]
    [InlineData("10.0.0.5,10.0.0.6:7882", "'10.0.0.6:7882' is not an IP address")]
    [InlineData(" , ", "is empty")]
    public void ABadBindList_IsRefused_NamingTheSettingAndTheBadValue(string bind, string expected)
    {
        var errors = Errors(new SfuOptions { BindAddress = bind });
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal) && e.Contains("--media-bind", StringComparison.Ordinal));
    }

    [Fact]
    public void ABadBindAddressesEntry_IsRefused_NamingBindAddresses()
    {
        var options = new SfuOptions();
        options.BindAddresses.Add("10.0.0.5");
        options.BindAddresses.Add("::");
        var errors = Errors(options);
        Assert.Contains(errors, e => e.Contains("OpenLive:Media:BindAddresses combines the wildcard '::'", StringComparison.Ordinal));
    }

    [Fact]
    public void MoreBindAddressesThanTheCap_AreRefused()
    {
        var options = new SfuOptions { BindAddress = string.Join(',', Enumerable.Range(1, SfuOptions.MaxBindAddresses + 1).Select(i => $"10.0.0.{i}")) };
        Assert.Contains(Errors(options), e => e.Contains($"at most {SfuOptions.MaxBindAddresses}", StringComparison.Ordinal));
    }
}
