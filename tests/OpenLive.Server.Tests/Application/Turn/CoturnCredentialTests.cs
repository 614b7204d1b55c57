using OpenLive.Turn;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary>
/// The issuer's credentials against a real coturn with <c>use-auth-secret</c>: a fresh one allocates a relay, and the
/// expiry in the username is real — coturn refuses a lapsed one, and one signed with another secret.
/// </summary>
public sealed class CoturnCredentialTests
{
    private const string Secret = "openlive-coturn-test-secret-0123456789abcdef";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static (string Username, string Credential) Issued(DateTimeOffset expiresAt, string userId, string secret = Secret)
    {
        var username = TurnRestCredentials.Username(expiresAt.ToUnixTimeSeconds(), userId);
        return (username, TurnRestCredentials.Password(secret, username));
    }

    [Fact]
    public async Task AFreshCredential_Allocates_AnExpiredOne_AndAForgedOne_AreRefused()
    {
        await using var coturn = await Coturn.StartAsync(Secret);

        var fresh = Issued(DateTimeOffset.UtcNow.AddHours(12), "turn_alice");
        var expired = Issued(DateTimeOffset.UtcNow.AddSeconds(-60), "turn_alice");
        var forged = Issued(DateTimeOffset.UtcNow.AddHours(12), "turn_alice", "another-secret-of-enough-length-0123456789");
        var unicode = Issued(DateTimeOffset.UtcNow.AddHours(1), "主播");

        Assert.Equal("allocated", (await TurnAllocation.TryAsync(coturn.Endpoint, fresh.Username, fresh.Credential, Timeout)).ToString());
        Assert.Equal("allocated", (await TurnAllocation.TryAsync(coturn.Endpoint, unicode.Username, unicode.Credential, Timeout)).ToString());
        Assert.Equal("error 401", (await TurnAllocation.TryAsync(coturn.Endpoint, expired.Username, expired.Credential, Timeout)).ToString());
        Assert.Equal("error 401", (await TurnAllocation.TryAsync(coturn.Endpoint, forged.Username, forged.Credential, Timeout)).ToString());
    }
}
