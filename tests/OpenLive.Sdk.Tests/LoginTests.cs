using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Login, kick-out, ticket failures and identity, through the SDK against the real server.</summary>
public sealed class LoginTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task Login_AssignsAStableTinyId()
    {
        await using var client = Server.NewClient();
        await client.LoginAsync("stable_user", Server.Sig("stable_user"));
        Assert.True(client.IsLoggedIn);
        var tinyId = client.TinyId;
        Assert.NotEqual(0ul, tinyId);
        await client.LogoutAsync();
        Assert.False(client.IsLoggedIn);

        await client.LoginAsync("stable_user", Server.Sig("stable_user"));
        Assert.Equal(tinyId, client.TinyId);

        await using var other = await Server.LoggedInClientAsync("stable_other");
        Assert.NotEqual(tinyId, other.TinyId);
    }

    [Fact]
    public async Task SecondLogin_ForcesTheFirstOffline_With8050()
    {
        await using var first = await Server.LoggedInClientAsync("kick_me");
        var kicked = Events.Next<ForcedOfflineEventArgs>(h => first.ForcedOffline += h);

        await using var second = await Server.LoggedInClientAsync("kick_me");
        var reason = (await kicked).Reason;

        Assert.Equal("ILiveSDK", reason.Module);
        Assert.Equal(8050, reason.Code);
        Assert.Equal("ERR_KICK_OUT", reason.ConstantName);
        Assert.True(second.IsLoggedIn);
        await WaitUntil(() => !first.IsLoggedIn);
        var afterwards = await Assert.ThrowsAsync<LiveException>(() => first.GetTinyIdAsync("kick_me"));
        Assert.True(afterwards.Is(ILiveErrorCode.NotLogin));
        Assert.Equal(second.TinyId, await second.GetTinyIdAsync("kick_me"));
    }

    [Fact]
    public async Task ForcedOffline_InARoom_ReportsTheErrorOnce_AfterTheRoomAndTheStateChange()
    {
        await using var first = await Server.LoggedInClientAsync("kick_in_room");
        var room = await first.CreateRoomAsync(9711, LiveRoomOptions.Host());
        var seen = new List<(string Event, LiveException? Error)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        room.Ended += (_, e) => { lock (seen) { seen.Add(($"room ended (session {e.SessionEnded})", e.Error)); } };
        first.RoomDisconnected += (_, e) => { lock (seen) { seen.Add(("room disconnected", e.Error)); } };
        first.ConnectionStateChanged += (_, e) => { lock (seen) { seen.Add(($"state {e.State}", e.Error)); } };
        first.ForcedOffline += (_, e) =>
        {
            lock (seen)
            {
                seen.Add(("forced offline", e.Reason));
            }

            done.TrySetResult();
        };

        await using var second = await Server.LoggedInClientAsync("kick_in_room");
        await done.Task.WaitAsync(Events.Timeout, TestContext.Current.CancellationToken);

        lock (seen)
        {
            Assert.Equal(["room ended (session True)", "room disconnected", "state Disconnected", "forced offline"], seen.Select(e => e.Event));
            Assert.Equal([null, null, null, 8050], seen.Select(e => e.Error?.Code));
        }
    }

    [Fact]
    public async Task ExpiredSig_IsRefused_With8051()
    {
        await using var client = Server.NewClient();
        var old = new UserSigGenerator(Server.AppId, Server.Key, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2))).GenUserSig("late", 3600);
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("late", old));
        Assert.Equal("ILiveSDK", e.Module);
        Assert.Equal(8051, e.Code);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task TicketFailures_AreTlsSdkErrors()
    {
        await using var client = Server.NewClient();
        var wrongKey = new UserSigGenerator(Server.AppId, "not-the-key").GenUserSig("mallory");
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("mallory", wrongKey));
        Assert.Equal(("TLSSDK", UserSigErrors.BadSignature), (e.Module, e.Code));

        e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("bob", Server.Sig("alice")));
        Assert.Equal(("TLSSDK", UserSigErrors.IdentifierMismatch), (e.Module, e.Code));

        var otherApp = new UserSigGenerator(Server.AppId + 1, Server.Key).GenUserSig("bob");
        e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("bob", otherApp));
        Assert.Equal(("TLSSDK", UserSigErrors.AppIdMismatch), (e.Module, e.Code));

        e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("bob", "garbage!"));
        Assert.Equal(("TLSSDK", UserSigErrors.Malformed), (e.Module, e.Code));
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task UnknownApp_Is8022()
    {
        await using var client = Server.NewClient(o => o.SdkAppId = 1234567);
        var sig = new UserSigGenerator(1234567, "k").GenUserSig("bob");
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("bob", sig));
        Assert.True(e.Is(ILiveErrorCode.NotFound));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("this-user-id-is-longer-than-32-bytes")]
    public async Task InvalidUserId_Is8021(string userId)
    {
        await using var client = Server.NewClient();
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync(userId, "x"));
        Assert.True(e.Is(ILiveErrorCode.InvalidParam), e.Message);
    }

    [Fact]
    public async Task LoginTwice_Is8024_AndConcurrentLogin_Is8011()
    {
        await using var client = await Server.LoggedInClientAsync("twice");
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("twice", Server.Sig("twice")));
        Assert.True(e.Is(ILiveErrorCode.AlreadyState));

        // 8011 comes from the SDK: a login holds the client's session gate until it ends. Through a held relay the first
        // login is certainly still connecting when the second is asked for; straight to the server it could already be done.
        await using var relay = new HeldRelay(Server.Url);
        await using var racer = Server.NewClient(o => o.ServerUrl = relay.Url);
        var firstLogin = racer.LoginAsync("racer", Server.Sig("racer"));
        var busy = await Assert.ThrowsAsync<LiveException>(() => racer.LoginAsync("racer", Server.Sig("racer")));
        Assert.True(busy.Is(ILiveErrorCode.BusyHere));
        relay.Release();
        await firstLogin;
        Assert.True(racer.IsLoggedIn);
    }

    [Fact]
    public async Task Resolve_TinyIdsAndUserIds_With1501And1502()
    {
        await using var alice = await Server.LoggedInClientAsync("resolve_a");
        await using var bob = await Server.LoggedInClientAsync("resolve_b");
        Assert.Equal(bob.TinyId, await alice.GetTinyIdAsync("resolve_b"));
        Assert.Equal("resolve_b", await alice.GetUserIdAsync(bob.TinyId));

        var unknownUser = await Assert.ThrowsAsync<LiveException>(() => alice.GetTinyIdAsync("never_logged_in"));
        Assert.Equal(("AVSDK", 1502), (unknownUser.Module, unknownUser.Code));
        var unknownTiny = await Assert.ThrowsAsync<LiveException>(() => alice.GetUserIdAsync(42));
        Assert.Equal(("AVSDK", 1501), (unknownTiny.Module, unknownTiny.Code));
    }

    [Fact]
    public async Task RenewUserSig_UpdatesExpiry_AndRejectsAnotherUsersSig()
    {
        await using var client = Server.NewClient();
        await client.LoginAsync("renewer", Server.Sig("renewer", 600));
        var before = client.SigExpiresAt;
        await client.RenewUserSigAsync(Server.Sig("renewer", 7200));
        Assert.True(client.SigExpiresAt > before);
        var e = await Assert.ThrowsAsync<LiveException>(() => client.RenewUserSigAsync(Server.Sig("someone_else")));
        Assert.Equal(("TLSSDK", UserSigErrors.IdentifierMismatch), (e.Module, e.Code));
        Assert.True(client.IsLoggedIn);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
