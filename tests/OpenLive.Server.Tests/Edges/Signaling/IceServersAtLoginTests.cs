using Google.Protobuf;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Server.Tests.Application.Turn;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>
/// The login answer carries the user's ICE servers with credentials issued for that login (LoginResult.ice_servers),
/// the .NET SDK exposes them, and nothing of them — nor the secret — reaches anyone who has not logged in.
/// </summary>
public sealed class IceServersAtLoginTests(TurnServer turn) : IClassFixture<TurnServer>
{
    private TestServer Server => turn.Server;

    [Fact]
    public async Task ALogin_CarriesTheStunUrl_AndTheTurnUrlWithACredentialTheSecretVerifies()
    {
        await using var client = Server.NewClient();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await client.LoginAsync("ice_alice", Server.Sig("ice_alice"), TestContext.Current.CancellationToken);

        Assert.Equal(2, client.IceServers.Count);
        var stun = client.IceServers[0];
        Assert.Equal([TurnServer.StunUrl], stun.Urls);
        Assert.Null(stun.Username);
        Assert.Null(stun.Credential);

        var relay = client.IceServers[1];
        Assert.Equal([TurnServer.TurnUrl], relay.Urls);
        var parts = relay.Username!.Split(':', 2);
        Assert.Equal("ice_alice", parts[1]);
        var expiry = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - before, TimeSpan.FromHours(12).TotalSeconds - 5, TimeSpan.FromHours(12).TotalSeconds + 5);
        Assert.True(turn.Verifies(relay.Username, relay.Credential!));

        await client.LogoutAsync(TestContext.Current.CancellationToken);
        Assert.Empty(client.IceServers);
    }

    [Fact]
    public async Task ARefusedLogin_AndRequestsBeforeLogin_GetNoIceServers()
    {
        await using var probe = await SignalingProbe.ConnectAsync(Server, "ice_mallory", loggedIn: false, inRoom: false);

        var early = await probe.AskAsync(new ClientFrame { RequestId = 7, GetUnread = new GetUnread() });
        Assert.NotNull(early);
        Assert.NotNull(early.Error);

        var refused = await probe.AskAsync(new ClientFrame
        {
            RequestId = 8,
            Login = new Login { SdkAppId = Server.AppId, UserId = "ice_mallory", UserSig = Server.Sig("someone_else"), ProtocolVersion = ProtocolVersion.Current },
        });
        Assert.NotNull(refused);
        Assert.Null(refused.Login);
        Assert.NotNull(refused.Error);
        Assert.DoesNotContain("turn:", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecret_IsNeverInTheLoginFrame_NorInAnyLogLine()
    {
        await using var probe = await SignalingProbe.ConnectAsync(Server, "ice_bob", loggedIn: false, inRoom: false);
        var login = await probe.AskAsync(new ClientFrame
        {
            RequestId = 1,
            Login = new Login { SdkAppId = Server.AppId, UserId = "ice_bob", UserSig = Server.Sig("ice_bob"), ProtocolVersion = ProtocolVersion.Current },
        });
        Assert.NotNull(login?.Login);
        Assert.Equal(2, login.Login.IceServers.Count);

        var bytes = login.ToByteArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(turn.Secret)));
        Assert.DoesNotContain(turn.Secret, login.ToString(), StringComparison.Ordinal);

        Assert.Contains(turn.Log.Lines, line => line.Contains("TURN credentials valid", StringComparison.Ordinal)); // the issuer did log
        Assert.DoesNotContain(turn.Log.Lines, line => line.Contains(turn.Secret, StringComparison.Ordinal));
    }
}
