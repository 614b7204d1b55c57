using System.Buffers.Binary;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>Lifetimes on a fake clock: allocations (600 s default, 3600 s cap, 0 deletes), permissions (300 s), channels (600 s).</summary>
public sealed class TurnServerLifetimeTests
{
    [Fact]
    public async Task Refresh_WithLifetimeZero_DeletesTheAllocation()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();

        var response = await client.RefreshAsync(0);
        Assert.Equal(0, TurnTestClient.ErrorCode(response));
        Assert.Equal([0, 0, 0, 0], TurnTestClient.Attribute(response, StunAttributeType.Lifetime));
        Assert.Equal(0, rig.Server.AllocationCount);
        Assert.Equal(437, TurnTestClient.ErrorCode(await client.RefreshAsync(600)));
    }

    [Fact]
    public async Task Lifetime_AskedAboveTheCap_IsCappedAt3600()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var allocated = await client.AllocateAsync((ref StunWriter w) => TurnTestClient.AddLifetime(ref w, 86_400));
        Assert.Equal(3600u, BinaryPrimitives.ReadUInt32BigEndian(TurnTestClient.Attribute(allocated, StunAttributeType.Lifetime)));
    }

    [Fact]
    public async Task Allocation_NotRefreshed_ExpiresAfterItsLifetime_AndARefreshKeepsItAlive()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();

        rig.FakeTime.Advance(TimeSpan.FromSeconds(590));
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.RefreshAsync(600)));
        rig.FakeTime.Advance(TimeSpan.FromSeconds(590));
        Assert.Equal(1, rig.Server.AllocationCount);

        rig.FakeTime.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Permission_Expires_After300Seconds()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.CreatePermissionAsync(rig.EchoEndPoint)));
        client.SendIndication(rig.EchoEndPoint, "one"u8);
        Assert.Equal("one"u8.ToArray(), TurnTestClient.Attribute(await client.ReceiveAsync(TimeSpan.FromSeconds(5)), StunAttributeType.Data));

        rig.FakeTime.Advance(TimeSpan.FromSeconds(301));
        client.SendIndication(rig.EchoEndPoint, "two"u8);
        await client.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false);
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Channel_Expires_After600Seconds_UnlessRebound()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var client = await rig.ClientAsync();
        await client.AllocateAsync((ref StunWriter w) => TurnTestClient.AddLifetime(ref w, 3600));
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4000, rig.EchoEndPoint)));

        rig.FakeTime.Advance(TimeSpan.FromSeconds(290));
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4000, rig.EchoEndPoint))); // refreshes both
        rig.FakeTime.Advance(TimeSpan.FromSeconds(290));
        client.SendChannelData(0x4000, "alive"u8);
        Assert.Equal("alive"u8.ToArray(), (await client.ReceiveAsync(TimeSpan.FromSeconds(5))).AsSpan(4, 5).ToArray());

        rig.FakeTime.Advance(TimeSpan.FromSeconds(611));
        client.SendChannelData(0x4000, "gone"u8);
        await client.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false);
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }
}
