using System.ComponentModel.DataAnnotations;

namespace OpenLive.Turn.Tests;

public sealed class EmbeddedTurnOptionsTests
{
    [Theory]
    [InlineData(null, "30000-40000", false)]
    [InlineData("short", "30000-40000", false)]
    [InlineData("0123456789abcdef0123456789abcdef", "30000-40000", true)]
    [InlineData("0123456789abcdef0123456789abcdef", "40000-30000", false)]
    [InlineData("0123456789abcdef0123456789abcdef", "30000", false)]
    public void Enabled_NeedsASecretOf32CharactersAndAPortRange(string? secret, string range, bool valid)
    {
        var options = new EmbeddedTurnOptions { Enabled = true, Secret = secret, RelayPortRange = range };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.DoesNotContain(results, r => secret is not null && r.ErrorMessage!.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreOffOnTheIanaPortWithTheLiveKitRelayRange()
    {
        var options = new EmbeddedTurnOptions();
        Assert.False(options.Enabled);
        Assert.Equal((3478, 3478, "30000-40000"), (options.UdpPort, options.TcpPort, options.RelayPortRange));
    }
}
