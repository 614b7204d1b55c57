using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>Caps (486) and hostile input over UDP and TCP: ignored or the connection closed, and the server goes on.</summary>
public sealed class TurnServerAbuseTests
{
    [Fact]
    public async Task Allocations_PastTheCapPerUser_Get486()
    {
        using var rig = new TurnRig(o => o.MaxAllocationsPerUser = 2);
        using var first = await rig.ClientAsync(userId: "mallory");
        using var second = await rig.ClientAsync(userId: "mallory");
        using var third = await rig.ClientAsync(userId: "mallory");
        using var someoneElse = await rig.ClientAsync(userId: "bob");

        Assert.Equal(0, TurnTestClient.ErrorCode(await first.AllocateAsync()));
        Assert.Equal(0, TurnTestClient.ErrorCode(await second.AllocateAsync()));
        Assert.Equal(486, TurnTestClient.ErrorCode(await third.AllocateAsync()));
        Assert.Equal(0, TurnTestClient.ErrorCode(await someoneElse.AllocateAsync()));

        Assert.Equal(0, TurnTestClient.ErrorCode(await first.RefreshAsync(0)));
        Assert.Equal(0, TurnTestClient.ErrorCode(await third.AllocateAsyncAgain()));
    }

    [Fact]
    public async Task Allocations_PastTheCapPerAddress_Get486()
    {
        using var rig = new TurnRig(o => o.MaxAllocationsPerAddress = 1);
        using var first = await rig.ClientAsync(userId: "a");
        using var second = await rig.ClientAsync(userId: "b");
        Assert.Equal(0, TurnTestClient.ErrorCode(await first.AllocateAsync()));
        Assert.Equal(486, TurnTestClient.ErrorCode(await second.AllocateAsync()));
    }

    [Fact]
    public async Task Allocations_PastTheTotalCap_Get486()
    {
        using var rig = new TurnRig(o => o.MaxAllocations = 1);
        using var first = await rig.ClientAsync(userId: "a");
        using var second = await rig.ClientAsync(tcp: true, userId: "b");
        Assert.Equal(0, TurnTestClient.ErrorCode(await first.AllocateAsync()));
        Assert.Equal(486, TurnTestClient.ErrorCode(await second.AllocateAsync()));
    }

    [Fact]
    public async Task Udp_GarbageAndOversizedDatagrams_AreIgnored_AndTheServerGoesOn()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var random = new Random(13);
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(1, 1500)];
            random.NextBytes(garbage);
            client.SendRaw(garbage);
        }

        client.SendRaw(new byte[60_000]);
        client.SendRaw([0x40, 0x00, 0xFF, 0xFF, 1, 2, 3]); // ChannelData claiming more than it has
        client.SendRaw([0x00, 0x03, 0x00, 0x04, 0x21, 0x12, 0xA4, 0x42]); // a truncated STUN header

        Assert.Equal(0, TurnTestClient.ErrorCode(await client.AllocateAsync()));
    }

    [Fact]
    public async Task Tcp_Garbage_ClosesThatConnection_AndTheServerGoesOn()
    {
        using var rig = new TurnRig();
        using var hostile = await rig.ClientAsync(tcp: true);
        hostile.SendRaw("GET / HTTP/1.1\r\n\r\n"u8);
        Assert.True(await hostile.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the connection is closed");

        using var client = await rig.ClientAsync(tcp: true);
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.AllocateAsync()));
    }

    [Fact]
    public async Task Tcp_AFrameLongerThanTheBuffer_ClosesThatConnection()
    {
        using var rig = new TurnRig();
        using var hostile = await rig.ClientAsync(tcp: true);
        hostile.SendRaw([0x40, 0x00, 0xFF, 0xF0]); // announces 65,520 bytes of ChannelData
        Assert.True(await hostile.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the connection is closed");
        Assert.Equal(0, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Tcp_OnlyUnauthenticatedRequestsBeforeTheDeadline_ClosesTheConnection()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var idle = await rig.ClientAsync(tcp: true);
        await idle.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false); // answered, but no allocation

        rig.FakeTime.Advance(rig.Options.TcpAllocationTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await idle.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the connection is closed at the deadline");
    }

    [Fact]
    public async Task Tcp_WithAnAllocation_OutlivesTheDeadline_AndClosesWhenTheAllocationIsDeleted()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var client = await rig.ClientAsync(tcp: true);
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.AllocateAsync()));
        rig.FakeTime.Advance(rig.Options.TcpAllocationTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.RequestAsync(StunMethod.Binding, (ref StunWriter _) => { }, sign: false)));

        Assert.Equal(0, TurnTestClient.ErrorCode(await client.RefreshAsync(0)));
        Assert.True(await client.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the connection ends with its allocation");
    }

    [Fact]
    public async Task Tcp_NoWholeFirstRequestBeforeTheDeadline_ClosesTheConnection()
    {
        using var rig = new TurnRig(fakeTime: true);
        using var slow = await rig.ClientAsync(tcp: true);
        slow.SendRaw([0x00, 0x03]); // half a header, then nothing (slowloris)
        await WaitUntilAsync(() => rig.Server.TcpConnectionCount == 1, "the connection is accepted");

        rig.FakeTime.Advance(rig.Options.TcpAllocationTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await slow.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the connection is closed at the deadline");
        await WaitUntilAsync(() => rig.Server.TcpConnectionCount == 0, "the connection is counted out");
    }

    [Fact]
    public async Task Tcp_ConnectionsPastTheCapPerAddress_AreClosedAtOnce()
    {
        using var rig = new TurnRig(o => o.MaxTcpConnectionsPerAddress = 2);
        using var first = await rig.ClientAsync(tcp: true);
        using var second = await rig.ClientAsync(tcp: true);
        await WaitUntilAsync(() => rig.Server.TcpConnectionCount == 2, "two connections are accepted");
        using var third = await rig.ClientAsync(tcp: true);
        Assert.True(await third.WaitClosedAsync(TimeSpan.FromSeconds(5)), "the third is closed");
        Assert.Equal(0, TurnTestClient.ErrorCode(await first.AllocateAsync()));
    }

    [Fact]
    public async Task Tcp_AClientThatDoesNotRead_IsClosed_InsteadOfQueuedFor()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync(tcp: true, receiveBufferBytes: 4096);
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.AllocateAsync()));
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4000, rig.EchoEndPoint)));

        // 8 MB echoed back at a client that reads nothing: far more than the server's 256 KiB send buffer and ours.
        var payload = new byte[1000];
        var until = DateTime.UtcNow.AddSeconds(20);
        while (rig.Server.TcpConnectionCount > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"the server still holds the connection ({rig.Server.AllocationCount} allocation(s))");
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    client.SendChannelData(0x4000, payload);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    break; // closed by the server
                }
            }

            await Task.Delay(10);
        }

        Assert.Equal(0, rig.Server.AllocationCount);
    }

    [Fact]
    public async Task Tcp_ClosingTheConnection_EndsItsAllocation()
    {
        using var rig = new TurnRig();
        var client = await rig.ClientAsync(tcp: true);
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.AllocateAsync()));
        client.Dispose();
        await WaitUntilAsync(() => rig.Server.AllocationCount == 0, "the allocation ends with its connection");
    }

    [Fact]
    public async Task Request_WithAnUnknownComprehensionRequiredAttribute_Gets420()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        var response = await client.RequestAsync(StunMethod.Allocate, (ref StunWriter w) =>
        {
            TurnTestClient.AddRequestedTransport(ref w);
            w.AddAttribute((StunAttributeType)0x0018, [0x80, 0, 0, 0]); // EVEN-PORT: reservations are not offered
        }, sign: false);
        Assert.Equal(420, TurnTestClient.ErrorCode(response));
        Assert.Equal([0x00, 0x18], TurnTestClient.Attribute(response, StunAttributeType.UnknownAttributes));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }
}
