using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Server.Application.Turn;
using OpenLive.Turn;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary>The TURN REST API credentials coturn's <c>use-auth-secret</c> accepts, computed as coturn computes them.</summary>
public sealed class TurnCredentialIssuerTests
{
    private const string Secret = "openlive-turn-test-secret-0123456789abcdef";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class ExtraSource(params string[] urls) : IIceServerSource
    {
        public IReadOnlyList<string> Urls { get; } = urls;
    }

    private static TurnCredentialIssuer Issuer(TurnOptions options, params IIceServerSource[] extra) =>
        new(Options.Create(options), [new ConfiguredIceServers(Options.Create(options)), .. extra], new FakeTimeProvider(Now), NullLogger<TurnCredentialIssuer>.Instance);

    [Fact]
    public void TurnUrls_GetAUsernameThatExpiresAfterTheLifetime_AndItsCredential()
    {
        var issuer = Issuer(new TurnOptions { Urls = ["turn:10.0.0.1:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"], Secret = Secret, CredentialLifetime = TimeSpan.FromHours(2) });

        var grant = Assert.Single(issuer.Issue("alice"));

        Assert.Equal(["turn:10.0.0.1:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"], grant.Urls);
        Assert.Equal($"{Now.AddHours(2).ToUnixTimeSeconds()}:alice", grant.Username);
        Assert.Equal(TurnRestCredentials.Password(Secret, grant.Username!), grant.Credential);
    }

    [Fact]
    public void TheDefaultLifetime_IsTwelveHours()
    {
        var grant = Assert.Single(Issuer(new TurnOptions { Urls = ["turn:10.0.0.1"], Secret = Secret }).Issue("bob"));
        Assert.StartsWith($"{Now.AddHours(12).ToUnixTimeSeconds()}:", grant.Username, StringComparison.Ordinal);
    }

    [Fact]
    public void StunUrls_ComeWithoutCredentials()
    {
        var grants = Issuer(new TurnOptions { Urls = ["stun:stun.example.com:3478", "turn:10.0.0.1:3478"], Secret = Secret }).Issue("alice");

        Assert.Equal(2, grants.Count);
        Assert.Equal(["stun:stun.example.com:3478"], grants[0].Urls);
        Assert.Null(grants[0].Username);
        Assert.Null(grants[0].Credential);
        Assert.Equal(["turn:10.0.0.1:3478"], grants[1].Urls);
    }

    [Fact]
    public void NothingConfigured_NoIceServers()
    {
        Assert.Empty(Issuer(new TurnOptions()).Issue("alice"));
    }

    [Fact]
    public void AUserIdOutsideAscii_IsPercentEncoded_SoTheUsernameIsAscii()
    {
        var grant = Assert.Single(Issuer(new TurnOptions { Urls = ["turn:10.0.0.1"], Secret = Secret }).Issue("主播\"a;b"));

        Assert.Equal($"{Now.AddHours(12).ToUnixTimeSeconds()}:%E4%B8%BB%E6%92%AD%22a%3Bb", grant.Username);
        Assert.All(grant.Username!, c => Assert.True(char.IsAscii(c) && c is not '"' and not '\\'));
    }

    [Fact]
    public void AnotherSource_SuchAsTheEmbeddedTurnServer_IsSignedWithTheSameSecret()
    {
        var issuer = Issuer(new TurnOptions { Secret = Secret }, new ExtraSource("turn:192.0.2.7:3478?transport=udp", "not a url"));

        var grant = Assert.Single(issuer.Issue("alice"));

        Assert.Equal(["turn:192.0.2.7:3478?transport=udp"], grant.Urls); // the malformed one is never handed out
        Assert.Equal(TurnRestCredentials.Password(Secret, grant.Username!), grant.Credential);
    }
}
