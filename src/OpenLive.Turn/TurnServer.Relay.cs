using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>The relay path: client → peer (ChannelData, Send indications) and peer → client (ChannelData, Data indications).</summary>
public sealed partial class TurnServer
{
    /// <summary>Room before the peer's data in a relay buffer: a Data indication's header, XOR-PEER-ADDRESS and DATA header.</summary>
    private const int DataIndicationOverhead = StunHeader.Length + 12 + 4;

    /// <summary>One datagram from a UDP client: ChannelData, a STUN request or indication; anything else is dropped.</summary>
    internal void HandleUdpDatagram(ReadOnlySpan<byte> datagram, SocketAddress from, Span<byte> response)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        if (ChannelData.IsChannelData(datagram[0]))
        {
            if (ChannelData.TryRead(datagram, out var channel, out var data))
            {
                Allocation? allocation;
                lock (gate)
                {
                    udpAllocations.TryGetValue(from, out allocation);
                }

                if (allocation is not null)
                {
                    RelayChannelData(allocation, channel, data);
                }
            }

            return;
        }

        if (!StunMessage.TryParse(datagram, out var message))
        {
            return;
        }

        if (message.Class == StunClass.Indication)
        {
            if (message.Method == StunMethod.Send)
            {
                Allocation? allocation;
                lock (gate)
                {
                    udpAllocations.TryGetValue(from, out allocation);
                }

                if (allocation is not null)
                {
                    RelaySendIndication(allocation, message);
                }
            }

            return;
        }

        if (message.Class == StunClass.Request)
        {
            var copy = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span[..from.Size].CopyTo(copy.Buffer.Span);
            HandleRequest(new UdpClientLink(udp, copy), message, response);
        }
    }

    /// <summary>One whole frame from a TCP client; false closes the connection (not STUN, or a STUN response sent to us).</summary>
    private bool HandleTcpFrame(TurnTcpConnection connection, ReadOnlySpan<byte> frame, Span<byte> response)
    {
        if (ChannelData.IsChannelData(frame[0]))
        {
            if (ChannelData.TryRead(frame, out var channel, out var data))
            {
                Allocation? allocation;
                lock (gate)
                {
                    allocation = connection.Allocation;
                }

                if (allocation is not null)
                {
                    RelayChannelData(allocation, channel, data);
                }
            }

            return true;
        }

        if (!StunMessage.TryParse(frame, out var message))
        {
            return false;
        }

        if (message.Class == StunClass.Indication)
        {
            Allocation? allocation;
            lock (gate)
            {
                allocation = connection.Allocation;
            }

            if (allocation is not null && message.Method == StunMethod.Send)
            {
                RelaySendIndication(allocation, message);
            }

            return true;
        }

        if (message.Class != StunClass.Request)
        {
            return false;
        }

        HandleRequest(connection, message, response);
        return true;
    }

    /// <summary>The allocation of a UDP client (tests of the relay path).</summary>
    internal Allocation? FindUdpAllocation(SocketAddress client)
    {
        lock (gate)
        {
            return udpAllocations.GetValueOrDefault(client);
        }
    }

    private void RelayChannelData(Allocation allocation, ushort channel, ReadOnlySpan<byte> data)
    {
        SocketAddress? peer;
        var now = time.GetUtcNow().UtcTicks;
        lock (gate)
        {
            if (allocation.Closed || !allocation.TryGetChannelPeer(channel, now, out peer))
            {
                return;
            }
        }

        SendToPeer(allocation, data, peer!);
    }

    private void RelaySendIndication(Allocation allocation, scoped in StunMessage message)
    {
        var turn = TurnAttributes.Read(message);
        if (!turn.HasData || PeerKey.TryReadXor(turn.FirstPeer, out var peer) != PeerRead.Ok
            || !policy.TryGetEndpoint(peer, out var address))
        {
            return; // RFC 8656 §11.2: a Send indication that cannot be relayed is dropped silently.
        }

        var now = time.GetUtcNow().UtcTicks;
        lock (gate)
        {
            if (allocation.Closed || !allocation.HasPermission(peer.Address, now))
            {
                return;
            }
        }

        SendToPeer(allocation, turn.Data, address!);
    }

    private static void SendToPeer(Allocation allocation, ReadOnlySpan<byte> data, SocketAddress peer)
    {
        try
        {
            allocation.Relay.SendTo(data, SocketFlags.None, peer);
        }
        catch (SocketException)
        {
            // A lost datagram, as on the wire.
        }
        catch (ObjectDisposedException)
        {
            // The allocation ended meanwhile.
        }
    }

    /// <summary>
    /// The relay socket's loop: datagrams from peers with a permission go to the client, on its channel when one is
    /// bound (ChannelData), else as a Data indication (RFC 8656 §11.3, §12.6); the rest is dropped.
    /// </summary>
    private async Task RelayLoopAsync(Allocation allocation)
    {
        // [room for the Data indication's header | peer data | padding to 4]
        var buffer = new byte[DataIndicationOverhead + TurnTcpConnection.MaxFrame];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var dataRoom = TurnTcpConnection.MaxFrame - DataIndicationOverhead - 4;
        while (!allocation.Closed)
        {
            int received;
            try
            {
                received = await allocation.Relay.ReceiveFromAsync(buffer.AsMemory(DataIndicationOverhead, dataRoom), SocketFlags.None, from, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP from an earlier send, or a datagram longer than the room (truncated).
            }

            RelayFromPeer(allocation, buffer, received, from);
        }
    }

    /// <summary>Relays one peer datagram sitting at <see cref="DataIndicationOverhead"/> in <paramref name="buffer"/>.</summary>
    internal void RelayFromPeer(Allocation allocation, Span<byte> buffer, int received, SocketAddress from)
    {
        if (!PeerKey.TryFrom(from, out var peer))
        {
            return;
        }

        var now = time.GetUtcNow().UtcTicks;
        ushort channel;
        bool onChannel;
        lock (gate)
        {
            if (allocation.Closed || !allocation.HasPermission(peer.Address, now))
            {
                return;
            }

            onChannel = allocation.TryGetChannel(peer, now, out channel);
        }

        if (onChannel)
        {
            var start = DataIndicationOverhead - ChannelData.HeaderLength;
            ChannelData.WriteHeader(buffer[start..], channel, received);
            var length = ChannelData.HeaderLength + received;
            if (allocation.Client.IsStream)
            {
                var padded = ChannelData.StreamLength(received);
                buffer.Slice(start + length, padded - length).Clear();
                length = padded;
            }

            allocation.Client.Send(buffer.Slice(start, length));
            return;
        }

        var writer = new StunWriter(buffer, StunClass.Indication, StunMethod.Data, StunTransactionId.NewRandom());
        Span<byte> peerValue = stackalloc byte[8];
        peer.WriteXor(peerValue);
        writer.AddAttribute(StunAttributeType.XorPeerAddress, peerValue);
        writer.AddAttribute(StunAttributeType.Data, buffer.Slice(DataIndicationOverhead, received));
        allocation.Client.Send(writer.Written);
    }
}
