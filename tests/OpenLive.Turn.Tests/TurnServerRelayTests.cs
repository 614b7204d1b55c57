using System.Buffers.Binary;
using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>Data through the relay to the allowed media endpoint (a UDP echo) and back, and what the policy refuses.</summary>
public sealed class TurnServerRelayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendIndication_ToTheMediaEndpoint_ComesBackAsADataIndication(bool tcp)
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync(tcp);
        var relayed = TurnTestClient.XorAddress(await client.AllocateAsync(), StunAttributeType.XorRelayedAddress)!;
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.CreatePermissionAsync(rig.EchoEndPoint)));

        client.SendIndication(rig.EchoEndPoint, "ping over a send indication"u8);
        var data = await client.ReceiveAsync(Wait);

        Assert.True(StunMessage.TryParse(data, out var message), "a STUN message comes back");
        Assert.Equal((StunClass.Indication, StunMethod.Data), (message.Class, message.Method));
        Assert.Equal(rig.EchoEndPoint, TurnTestClient.XorAddress(data, StunAttributeType.XorPeerAddress));
        Assert.Equal("ping over a send indication"u8.ToArray(), TurnTestClient.Attribute(data, StunAttributeType.Data));
        lock (rig.EchoSources)
        {
            Assert.Equal(relayed, Assert.Single(rig.EchoSources)); // the peer saw the relayed address
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChannelData_GoesBothWays(bool tcp)
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync(tcp);
        await client.AllocateAsync();
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4001, rig.EchoEndPoint)));

        // 5 bytes: on TCP both directions pad to 8 (RFC 8656 §12.5); the client's reader frames by the padded length.
        client.SendChannelData(0x4001, "media"u8);
        var back = await client.ReceiveAsync(Wait);

        Assert.Equal(0x4001, BinaryPrimitives.ReadUInt16BigEndian(back));
        Assert.Equal(5, BinaryPrimitives.ReadUInt16BigEndian(back.AsSpan(2)));
        Assert.Equal("media"u8.ToArray(), back.AsSpan(4, 5).ToArray());
        Assert.Equal(tcp ? 12 : 9, back.Length);

        // Then a packet the size of video, several times: none is lost on loopback, none is altered.
        var payload = Enumerable.Range(0, 1200).Select(i => (byte)i).ToArray();
        for (var i = 0; i < 20; i++)
        {
            client.SendChannelData(0x4001, payload);
            var echoed = await client.ReceiveAsync(Wait);
            Assert.Equal(payload, echoed.AsSpan(4, 1200).ToArray());
        }
    }

    [Fact]
    public async Task CreatePermission_ForAnAddressThatIsNotThisNodesMedia_Gets403()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();

        var response = await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 9));
        Assert.Equal(403, TurnTestClient.ErrorCode(response));
        Assert.True(client.VerifyIntegrity(response));
    }

    [Fact]
    public async Task ChannelBind_ToAnotherPortOfTheMediaAddress_Gets403()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();

        var otherPort = new IPEndPoint(rig.EchoEndPoint.Address, rig.EchoEndPoint.Port == 9 ? 10 : 9);
        Assert.Equal(403, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4000, otherPort)));
    }

    [Fact]
    public async Task SendIndication_WithoutPermission_IsDropped()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();

        client.SendIndication(rig.EchoEndPoint, "no permission"u8);
        // The Binding answer comes after anything relayed would have: the echo target saw nothing.
        await client.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false);
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        lock (rig.EchoSources)
        {
            Assert.Empty(rig.EchoSources);
        }
    }

    [Fact]
    public async Task ChannelBind_WithAChannelOutsideTheRange_Gets400()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();
        Assert.Equal(400, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x5000, rig.EchoEndPoint)));
    }

    [Fact]
    public async Task Requests_BeforeAllocate_Get437()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var challenge = await client.RequestAsync(StunMethod.Refresh, (ref StunWriter _) => { }, sign: false);
        client.TakeChallenge(challenge);
        Assert.Equal(437, TurnTestClient.ErrorCode(await client.CreatePermissionAsync(rig.EchoEndPoint)));
        Assert.Equal(437, TurnTestClient.ErrorCode(await client.RefreshAsync(600)));
    }
}
