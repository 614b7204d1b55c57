using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// IM SDK's multi-terminal login (<see cref="LiveClientOptions.Device"/>): one session per user and device class, so
/// a second login of the same class kicks only that class's session, and every session of the user gets C2C messages.
/// </summary>
public sealed class MultiDeviceLoginTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task TwoDeviceClasses_StayOnline_AndBothGetC2CMessages()
    {
        await using var phone = await Server.LoggedInClientAsync("md1_bob", "phone");
        await using var desktop = await Server.LoggedInClientAsync("md1_bob", "desktop");
        await using var alice = await Server.LoggedInClientAsync("md1_alice");
        var onPhone = Events.Next<MessageReceivedEventArgs>(h => phone.MessageReceived += h);
        var onDesktop = Events.Next<MessageReceivedEventArgs>(h => desktop.MessageReceived += h);

        await alice.SendC2CMessageAsync("md1_bob", LiveMessage.Text("to every device"));

        Assert.Equal("to every device", (await onPhone).Message.Text);
        Assert.Equal("to every device", (await onDesktop).Message.Text);
        Assert.True(phone.IsLoggedIn && desktop.IsLoggedIn);
    }

    [Fact]
    public async Task ASecondLoginOfTheSameClass_KicksOnlyThatClass_With8050()
    {
        await using var phone = await Server.LoggedInClientAsync("md2_bob", "phone");
        await using var desktop = await Server.LoggedInClientAsync("md2_bob", "desktop");
        var kicked = Events.Next<ForcedOfflineEventArgs>(h => phone.ForcedOffline += h);

        await using var newPhone = await Server.LoggedInClientAsync("md2_bob", "phone");

        Assert.Equal(("ILiveSDK", 8050), ((await kicked).Reason.Module, (await kicked).Reason.Code));
        Assert.True(newPhone.IsLoggedIn);
        Assert.True(desktop.IsLoggedIn);
        Assert.Equal(desktop.TinyId, await desktop.GetTinyIdAsync("md2_bob")); // the desktop's session still answers
    }

    [Fact]
    public async Task MoreDeviceClassesThanTheCap_SignTheLongestOnlineOut_With8050()
    {
        // A device class is the client's own string: a hostile user inventing classes cannot hold unbounded sessions.
        var clients = new List<LiveClient>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                clients.Add(await Server.LoggedInClientAsync("md4_bob", $"device-{i}"));
            }

            var kicked = Events.Next<ForcedOfflineEventArgs>(h => clients[0].ForcedOffline += h);
            clients.Add(await Server.LoggedInClientAsync("md4_bob", "device-8"));

            Assert.Equal(("ILiveSDK", 8050), ((await kicked).Reason.Module, (await kicked).Reason.Code));
            Assert.True(clients[1].IsLoggedIn && clients[8].IsLoggedIn);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("a-device-class-name-that-is-far-too-long")]
    [InlineData("web browser")]
    [InlineData("手机")]
    public async Task ABadDeviceClass_IsRefused_With8021(string device)
    {
        await using var client = Server.NewClient(o => o.Device = device);

        var refused = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("md3_bob", Server.Sig("md3_bob")));

        Assert.Equal(("ILiveSDK", 8021), (refused.Module, refused.Code));
        Assert.False(client.IsLoggedIn);
    }
}
