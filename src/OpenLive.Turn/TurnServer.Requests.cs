using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// Requests (RFC 8656 §7-§12 with RFC 8489 §9.2 long-term credentials): Binding, Allocate, Refresh, CreatePermission,
/// ChannelBind. Every TURN request is authenticated: no MESSAGE-INTEGRITY → 401 with REALM and NONCE; a nonce not ours,
/// not for this address or expired → 438 with a fresh one; an unknown, expired or forged username or a wrong MAC → 401.
/// Errors after authentication carry MESSAGE-INTEGRITY, as successes do. Requests allocate; the relay path does not.
/// </summary>
public sealed partial class TurnServer
{
    private void HandleRequest(ClientLink link, scoped in StunMessage message, Span<byte> response)
    {
        if (message.Method == StunMethod.Binding)
        {
            // Plain STUN on the TURN port (coturn does the same): the client learns its server-reflexive address.
            var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.Binding, message.TransactionId);
            writer.AddXorMappedAddress(link.RemoteEndPoint);
            Finish(link, ref writer, message, key: null);
            return;
        }

        if (message.Method is not (StunMethod.Allocate or StunMethod.Refresh or StunMethod.CreatePermission or StunMethod.ChannelBind))
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key: null);
            return;
        }

        var turn = TurnAttributes.Read(message);
        if (turn.UnknownComprehensionRequired != 0)
        {
            var writer = new StunWriter(response, StunClass.ErrorResponse, message.Method, message.TransactionId);
            writer.AddErrorCode(StunErrorCode.UnknownAttribute);
            writer.AddUnknownAttributes([turn.UnknownComprehensionRequired]);
            Finish(link, ref writer, message, key: null);
            return;
        }

        if (message.HasInvalidAttribute || turn.Malformed)
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key: null);
            return;
        }

        if (!TryAuthenticate(link, message, turn, response, out var key))
        {
            return;
        }

        using (key)
        {
            switch (message.Method)
            {
                case StunMethod.Allocate:
                    Allocate(link, message, turn, response, key);
                    break;
                case StunMethod.Refresh:
                    Refresh(link, message, turn, response, key);
                    break;
                case StunMethod.CreatePermission:
                    CreatePermission(link, message, response, key);
                    break;
                default:
                    ChannelBind(link, message, turn, response, key);
                    break;
            }
        }
    }

    private bool TryAuthenticate(ClientLink link, scoped in StunMessage message, scoped in TurnAttributes turn, Span<byte> response, out StunIntegrityKey key)
    {
        key = null!;
        if (!message.HasMessageIntegrity)
        {
            SendChallenge(link, message, response, StunErrorCode.Unauthorized);
            return false;
        }

        if (!message.HasUsername || !turn.HasRealm || !turn.HasNonce)
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key: null);
            return false;
        }

        Span<byte> address = stackalloc byte[16];
        var addressLength = link.WriteAddress(address);
        if (nonces.Verify(turn.Nonce, address[..addressLength]) != TurnNonces.Check.Valid)
        {
            SendChallenge(link, message, response, StunErrorCode.StaleNonce);
            return false;
        }

        if (!turn.Realm.SequenceEqual(credentials.Realm)
            || !credentials.TryGetKey(message.Username, time.GetUtcNow(), out var candidate))
        {
            SendChallenge(link, message, response, StunErrorCode.Unauthorized);
            return false;
        }

        if (!candidate.Verify(message))
        {
            candidate.Dispose();
            SendChallenge(link, message, response, StunErrorCode.Unauthorized);
            return false;
        }

        key = candidate;
        return true;
    }

    private void Allocate(ClientLink link, scoped in StunMessage message, scoped in TurnAttributes turn, Span<byte> response, StunIntegrityKey key)
    {
        var username = Encoding.UTF8.GetString(message.Username);
        lock (gate)
        {
            if (Find(link) is { } existing)
            {
                if (existing.AllocateTransaction == message.TransactionId && existing.Username == username)
                {
                    SendAllocated(link, message, response, key, existing); // a retransmission (RFC 8656 §7.2)
                }
                else
                {
                    SendError(link, message, response, StunErrorCode.AllocationMismatch, key);
                }

                return;
            }
        }

        if (turn.RequestedTransport is not { } transport)
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key);
            return;
        }

        if (transport != TurnAttributes.UdpProtocol)
        {
            SendError(link, message, response, StunErrorCode.UnsupportedTransportProtocol, key);
            return;
        }

        if (turn.RequestedAddressFamily == 2)
        {
            SendError(link, message, response, StunErrorCode.AddressFamilyNotSupported, key);
            return;
        }

        // Authentication parsed the username already; the userId is what the per-user cap counts.
        var userId = TurnCredentials.TryParseUsername(message.Username, out _, out var userIdBytes) ? Encoding.UTF8.GetString(userIdBytes) : username;
        var clientAddress = link.RemoteEndPoint.Address;
        Allocation allocation;
        lock (gate)
        {
            allocationsPerUser.TryGetValue(userId, out var perUser);
            allocationsPerAddress.TryGetValue(clientAddress, out var perAddress);
            if (allocations.Count >= options.MaxAllocations || perUser >= options.MaxAllocationsPerUser || perAddress >= options.MaxAllocationsPerAddress)
            {
                SendError(link, message, response, StunErrorCode.AllocationQuotaReached, key);
                return;
            }

            if (link is TurnTcpConnection { IsClosed: true })
            {
                return;
            }

            if (!TryBindRelay(out var relay))
            {
                SendError(link, message, response, StunErrorCode.InsufficientCapacity, key);
                return;
            }

            var lifetime = GrantedLifetime(turn.Lifetime);
            allocation = new Allocation(link, relay, (IPEndPoint)relay.LocalEndPoint!, username, userId, clientAddress)
            {
                AllocateTransaction = message.TransactionId,
                LifetimeSeconds = lifetime,
                ExpiresTicks = time.GetUtcNow().UtcTicks + TimeSpan.FromSeconds(lifetime).Ticks,
            };
            allocations.Add(allocation);
            allocationsPerUser[userId] = perUser + 1;
            allocationsPerAddress[clientAddress] = perAddress + 1;
            switch (link)
            {
                case UdpClientLink udpLink:
                    udpAllocations[udpLink.Address] = allocation;
                    break;
                case TurnTcpConnection connection:
                    connection.Allocation = allocation;
                    break;
            }
        }

        _ = Task.Run(() => RelayLoopAsync(allocation));
        LogAllocated(logger, allocation.RelayEndPoint, userId, link.RemoteEndPoint);
        SendAllocated(link, message, response, key, allocation);
    }

    private static void SendAllocated(ClientLink link, scoped in StunMessage message, Span<byte> response, StunIntegrityKey key, Allocation allocation)
    {
        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.Allocate, message.TransactionId);
        writer.AddXorAddress(StunAttributeType.XorRelayedAddress, allocation.RelayEndPoint);
        WriteLifetime(ref writer, allocation.LifetimeSeconds);
        writer.AddXorMappedAddress(link.RemoteEndPoint);
        Finish(link, ref writer, message, key);
    }

    private void Refresh(ClientLink link, scoped in StunMessage message, scoped in TurnAttributes turn, Span<byte> response, StunIntegrityKey key)
    {
        int lifetime;
        lock (gate)
        {
            var allocation = Find(link);
            if (allocation is null)
            {
                SendError(link, message, response, StunErrorCode.AllocationMismatch, key);
                return;
            }

            if (!message.Username.SequenceEqual(Encoding.UTF8.GetBytes(allocation.Username)))
            {
                SendError(link, message, response, StunErrorCode.WrongCredentials, key);
                return;
            }

            if (turn.RequestedAddressFamily == 2)
            {
                SendError(link, message, response, StunErrorCode.PeerAddressFamilyMismatch, key);
                return;
            }

            if (turn.Lifetime == 0)
            {
                RemoveLocked(allocation);
                lifetime = 0;
            }
            else
            {
                lifetime = GrantedLifetime(turn.Lifetime);
                allocation.LifetimeSeconds = lifetime;
                allocation.ExpiresTicks = time.GetUtcNow().UtcTicks + TimeSpan.FromSeconds(lifetime).Ticks;
            }
        }

        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.Refresh, message.TransactionId);
        WriteLifetime(ref writer, lifetime);
        Finish(link, ref writer, message, key);
        if (lifetime == 0 && link is TurnTcpConnection connection)
        {
            connection.Dispose(); // the answer is in the kernel's buffer; the connection ends with its allocation
        }
    }

    private void CreatePermission(ClientLink link, scoped in StunMessage message, Span<byte> response, StunIntegrityKey key)
    {
        Span<PeerKey> peers = stackalloc PeerKey[16];
        var count = TurnAttributes.ForEachPeer(message, peers, out var worst);
        if (worst == PeerRead.Malformed || (count == 0 && worst == PeerRead.Ok))
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key);
            return;
        }

        if (worst == PeerRead.Ipv6)
        {
            SendError(link, message, response, StunErrorCode.PeerAddressFamilyMismatch, key);
            return;
        }

        foreach (var peer in peers[..count])
        {
            if (!policy.AllowsAddress(peer.Address))
            {
                SendError(link, message, response, StunErrorCode.Forbidden, key);
                return;
            }
        }

        var now = time.GetUtcNow().UtcTicks;
        lock (gate)
        {
            var allocation = Find(link);
            if (allocation is null)
            {
                SendError(link, message, response, StunErrorCode.AllocationMismatch, key);
                return;
            }

            foreach (var peer in peers[..count])
            {
                allocation.AddPermission(peer.Address, now);
            }
        }

        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.CreatePermission, message.TransactionId);
        Finish(link, ref writer, message, key);
    }

    private void ChannelBind(ClientLink link, scoped in StunMessage message, scoped in TurnAttributes turn, Span<byte> response, StunIntegrityKey key)
    {
        if (turn.ChannelNumber is not { } channel || channel is < ChannelData.MinChannel or > ChannelData.MaxChannel || turn.PeerCount == 0)
        {
            SendError(link, message, response, StunErrorCode.BadRequest, key);
            return;
        }

        switch (PeerKey.TryReadXor(turn.FirstPeer, out var peer))
        {
            case PeerRead.Malformed:
                SendError(link, message, response, StunErrorCode.BadRequest, key);
                return;
            case PeerRead.Ipv6:
                SendError(link, message, response, StunErrorCode.PeerAddressFamilyMismatch, key);
                return;
        }

        if (!policy.TryGetEndpoint(peer, out var address))
        {
            SendError(link, message, response, StunErrorCode.Forbidden, key);
            return;
        }

        lock (gate)
        {
            var allocation = Find(link);
            if (allocation is null)
            {
                SendError(link, message, response, StunErrorCode.AllocationMismatch, key);
                return;
            }

            if (!allocation.TryBindChannel(channel, peer, address!, time.GetUtcNow().UtcTicks))
            {
                SendError(link, message, response, StunErrorCode.BadRequest, key);
                return;
            }
        }

        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.ChannelBind, message.TransactionId);
        Finish(link, ref writer, message, key);
    }

    /// <summary>The allocation of this client's 5-tuple; caller holds the lock.</summary>
    private Allocation? Find(ClientLink link) => link switch
    {
        UdpClientLink udpLink => udpAllocations.GetValueOrDefault(udpLink.Address),
        TurnTcpConnection connection => connection.Allocation,
        _ => null,
    };

    /// <summary>RFC 8656 §7.2: less than the default gets the default; more than the cap gets the cap.</summary>
    private static int GrantedLifetime(uint? requested) =>
        requested is { } seconds ? (int)Math.Clamp(seconds, DefaultLifetimeSeconds, MaxLifetimeSeconds) : DefaultLifetimeSeconds;

    private static void WriteLifetime(ref StunWriter writer, int seconds)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, (uint)seconds);
        writer.AddAttribute(StunAttributeType.Lifetime, value);
    }

    /// <summary>401 or 438 with REALM and a fresh NONCE, no MESSAGE-INTEGRITY (RFC 8489 §9.2.4).</summary>
    private void SendChallenge(ClientLink link, scoped in StunMessage message, Span<byte> response, int code)
    {
        var writer = new StunWriter(response, StunClass.ErrorResponse, message.Method, message.TransactionId);
        writer.AddErrorCode(code);
        writer.AddAttribute(StunAttributeType.Realm, credentials.Realm);
        Span<byte> address = stackalloc byte[16];
        var addressLength = link.WriteAddress(address);
        Span<byte> nonce = stackalloc byte[TurnNonces.Length];
        nonces.Issue(address[..addressLength], nonce);
        writer.AddAttribute(StunAttributeType.Nonce, nonce);
        if (message.HasMessageIntegrity)
        {
            LogRefused(logger, message.Method, link.RemoteEndPoint, code);
        }

        Finish(link, ref writer, message, key: null);
    }

    private void SendError(ClientLink link, scoped in StunMessage message, Span<byte> response, int code, StunIntegrityKey? key)
    {
        LogRefused(logger, message.Method, link.RemoteEndPoint, code);
        var writer = new StunWriter(response, StunClass.ErrorResponse, message.Method, message.TransactionId);
        writer.AddErrorCode(code);
        Finish(link, ref writer, message, key);
    }

    /// <summary>Adds MESSAGE-INTEGRITY (when authenticated) and FINGERPRINT (when the request had one), then sends.</summary>
    private static void Finish(ClientLink link, ref StunWriter writer, scoped in StunMessage request, StunIntegrityKey? key)
    {
        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        if (request.HasFingerprint)
        {
            writer.AddFingerprint();
        }

        link.Send(writer.Written);
    }

    private bool TryBindRelay(out Socket relay)
    {
        // Called under the lock: walks the range from where the last bind stopped, one try per port at most.
        var span = lastRelayPort - firstRelayPort + 1;
        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = nextRelayPort;
            nextRelayPort = port == lastRelayPort ? firstRelayPort : port + 1;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(relayAddress, port));
                relay = socket;
                return true;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        relay = null!;
        return false;
    }
}
