using Microsoft.Extensions.Options;
using OpenLive.Server.Application.Turn;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary><c>OpenLive:Turn</c> is checked at start: URLs, the secret's length and where it comes from.</summary>
public sealed class TurnOptionsTests : IDisposable
{
    private const string Secret = "openlive-turn-test-secret-0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("openlive-turn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ValidateOptionsResult Validate(TurnOptions options) => new TurnOptionsValidator().Validate(null, options);

    private string SecretFile(string content, UnixFileMode mode)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    [Fact]
    public void NothingSet_IsValid() => Assert.True(Validate(new TurnOptions()).Succeeded);

    [Theory]
    [InlineData("turn:10.0.0.1")]
    [InlineData("turn:turn.example.com:3478?transport=udp")]
    [InlineData("turns:turn.example.com:443?transport=tcp")]
    [InlineData("turn:[2001:db8::1]:3478")]
    [InlineData("stun:stun.example.com:19302")]
    public void WellFormedUrls_AreAccepted(string url) =>
        Assert.True(Validate(new TurnOptions { Urls = [url], Secret = Secret }).Succeeded);

    [Theory]
    [InlineData("http://turn.example.com")]
    [InlineData("turn:")]
    [InlineData("turn:host:99999")]
    [InlineData("turn:host:0")]
    [InlineData("turn:host>; rel=\"x\"")]
    [InlineData("turn:host?transport=sctp")]
    [InlineData("stun:host?transport=udp")]
    [InlineData("turn:[not-v6]:3478")]
    [InlineData("turn:ho st")]
    public void MalformedUrls_AreRefused(string url)
    {
        var result = Validate(new TurnOptions { Urls = [url], Secret = Secret });
        Assert.False(result.Succeeded);
        Assert.Contains("OpenLive:Turn:Urls:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TurnUrls_WithoutASecret_AreRefused() =>
        Assert.Contains("no Secret", Validate(new TurnOptions { Urls = ["turn:10.0.0.1"] }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void AShortSecret_IsRefused_WithoutQuotingIt()
    {
        var result = Validate(new TurnOptions { Urls = ["turn:10.0.0.1"], Secret = "short-secret-1234" });
        Assert.False(result.Succeeded);
        Assert.Contains("at least 32 characters", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret-1234", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ALifetimeOutOfRange_IsRefused() =>
        Assert.False(Validate(new TurnOptions { CredentialLifetime = TimeSpan.FromSeconds(5) }).Succeeded);

    [Fact]
    public void AnOwnerOnlySecretFile_IsRead()
    {
        var options = new TurnOptions { Urls = ["turn:10.0.0.1"], SecretFile = SecretFile(Secret + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite) };
        Assert.True(Validate(options).Succeeded);
        Assert.Equal(Secret, options.ResolveSecret());
    }

    [Fact]
    public void ASecretFileOthersMayRead_IsRefused()
    {
        var path = SecretFile(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var result = Validate(new TurnOptions { Urls = ["turn:10.0.0.1"], SecretFile = path });
        Assert.False(result.Succeeded);
        Assert.Contains("chmod 600", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServer_DoesNotStart_WithASecretFileOthersMayRead()
    {
        var path = SecretFile(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var refused = Assert.Throws<OptionsValidationException>(() => OpenLive.Server.Hosting.ServerHost.Build(
            ["--urls", "http://127.0.0.1:0", "--data", Path.Combine(_dir, "data"), "--turn-url", "turn:10.0.0.1", "--turn-secret-file", path]));
        Assert.Contains(refused.Failures, failure => failure.Contains("chmod 600", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingSecretFile_AndBothSecretAndFile_AreRefused()
    {
        Assert.Contains("does not exist", Validate(new TurnOptions { SecretFile = Path.Combine(_dir, "none") }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("not both", Validate(new TurnOptions { Secret = Secret, SecretFile = SecretFile(Secret, UnixFileMode.UserRead) }).FailureMessage, StringComparison.Ordinal);
    }
}
