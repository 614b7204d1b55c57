using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>The long-term credential dance of RFC 8489 §9.2 with TURN REST API usernames.</summary>
public sealed class TurnServerAuthenticationTests
{
    [Fact]
    public async Task Allocate_FirstWithoutIntegrity_Gets401WithRealmAndNonce_ThenSucceedsSigned()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();

        var challenge = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w), sign: false);
        Assert.Equal(401, TurnTestClient.ErrorCode(challenge));
        Assert.Equal("openlive"u8.ToArray(), TurnTestClient.Attribute(challenge, StunAttributeType.Realm));
        Assert.Equal(TurnNonces.Length, TurnTestClient.Attribute(challenge, StunAttributeType.Nonce)!.Length);
        Assert.Null(TurnTestClient.Attribute(challenge, StunAttributeType.MessageIntegrity));

        client.TakeChallenge(challenge);
        var allocated = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w));
        Assert.Equal(0, TurnTestClient.ErrorCode(allocated));
        Assert.True(client.VerifyIntegrity(allocated), "the success response is signed with the long-term key");
        var relayed = TurnTestClient.XorAddress(allocated, StunAttributeType.XorRelayedAddress);
        Assert.NotNull(relayed);
        Assert.True(rig.Options.TryGetRelayPorts(out var first, out var last));
        Assert.InRange(relayed.Port, first, last);
        Assert.Equal(client.LocalEndPoint, TurnTestClient.XorAddress(allocated, StunAttributeType.XorMappedAddress));
        Assert.Equal([0, 0, 2, 0x58], TurnTestClient.Attribute(allocated, StunAttributeType.Lifetime)); // 600 s
        Assert.Equal(1, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Allocate_WithExpiredNonce_Gets438WithAFreshNonce()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var client = await rig.ClientAsync();
        var challenge = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w), sign: false);
        client.TakeChallenge(challenge);
        var oldNonce = client.Nonce;

        rig.FakeTime.Advance(rig.Options.NonceLifetime + TimeSpan.FromSeconds(1));
        var stale = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w));
        Assert.Equal(438, TurnTestClient.ErrorCode(stale));
        client.TakeChallenge(stale);
        Assert.NotEqual(oldNonce, client.Nonce);

        var allocated = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w));
        Assert.Equal(0, TurnTestClient.ErrorCode(allocated));
    }

    [Fact]
    public async Task Allocate_WithANonceMadeUpByTheClient_Gets438()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        client.Realm = "openlive"u8.ToArray();
        client.Nonce = "0000000fffffffff000000000000000000000000"u8.ToArray();
        var response = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w));
        Assert.Equal(438, TurnTestClient.ErrorCode(response));
        Assert.Equal(0, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Allocate_WithAnExpiredUsername_Gets401()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        client.WithCredentials(TurnRig.Secret, "alice", rig.Time.GetUtcNow().AddSeconds(-1));
        var response = await client.AllocateAsyncExpectingError();
        Assert.Equal(401, response);
        Assert.Equal(0, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Allocate_WithAPasswordFromAnotherSecret_Gets401()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        client.WithCredentials("another-secret-of-more-than-32-characters", "alice", rig.Time.GetUtcNow().AddHours(1));
        Assert.Equal(401, await client.AllocateAsyncExpectingError());
    }

    [Fact]
    public async Task Allocate_WithAUsernameNotInTheRestScheme_Gets401()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        client.Username = "alice";
        client.Password = TurnRestCredentials.Password(TurnRig.Secret, "alice");
        Assert.Equal(401, await client.AllocateAsyncExpectingError());
    }

    [Fact]
    public async Task Allocate_AskingForATcpRelay_Gets442()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var challenge = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w), sign: false);
        client.TakeChallenge(challenge);
        var response = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) => TurnTestClient.AddRequestedTransport(ref w, 6));
        Assert.Equal(442, TurnTestClient.ErrorCode(response));
        Assert.True(client.VerifyIntegrity(response), "errors after authentication are signed");
    }

    [Fact]
    public async Task Binding_OnTheTurnPort_AnswersTheReflexiveAddress()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var response = await client.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false);
        Assert.Equal(client.LocalEndPoint, TurnTestClient.XorAddress(response, StunAttributeType.XorMappedAddress));
    }
}
