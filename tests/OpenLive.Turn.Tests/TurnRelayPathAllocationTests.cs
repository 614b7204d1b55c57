using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;
using OpenLive.Tests.Shared;

namespace OpenLive.Turn.Tests;

/// <summary>The relay path allocates nothing per packet: ChannelData and Send indications in, ChannelData and Data indications out.</summary>
public sealed class TurnRelayPathAllocationTests
{
    private const int Packets = 2000;

    [Fact]
    public async Task RelayPath_BothWays_AllocatesNothingPerPacket()
    {
        using var rig = new TurnRig();
        using var client = await rig.ClientAsync();
        await client.AllocateAsync();
        Assert.Equal(0, TurnTestClient.ErrorCode(await client.ChannelBindAsync(0x4002, rig.EchoEndPoint)));
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var clientAddress = client.LocalEndPoint.Serialize();
        var allocation = rig.Server.FindUdpAllocation(clientAddress)!;
        Assert.NotNull(allocation);
        var channelData = new byte[4 + 1000];
        ChannelData.WriteHeader(channelData, 0x4002, 1000);
        var indicationBuffer = new byte[2048];
        var indication = new StunWriter(indicationBuffer, StunClass.Indication, StunMethod.Send, StunTransactionId.NewRandom());
        indication.AddXorAddress(StunAttributeType.XorPeerAddress, rig.EchoEndPoint);
        indication.AddAttribute(StunAttributeType.Data, new byte[1000]);
        var sendIndication = indication.Written.ToArray();
        var response = new byte[TurnServer.MaxDatagram];
        var relayBuffer = new byte[TurnTcpConnection.MaxFrame + 64];
        var peerAddress = rig.EchoEndPoint.Serialize();

        void RunOnce()
        {
            rig.Server.HandleUdpDatagram(channelData, clientAddress, response);
            rig.Server.HandleUdpDatagram(sendIndication, clientAddress, response);
            rig.Server.RelayFromPeer(allocation, relayBuffer, 1000, peerAddress);
        }

        for (var i = 0; i < 100; i++)
        {
            RunOnce();
        }

        var allocated = AllocationMeter.LeastAllocated(RunOnce, iterations: Packets);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Packets} packet triples");
    }
}
