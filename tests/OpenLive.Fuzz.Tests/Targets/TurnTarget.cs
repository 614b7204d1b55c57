using System.Buffers.Binary;
using System.Net;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Stun;
using OpenLive.Turn;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// What the embedded TURN server reads from clients before any check: TCP framing (<see cref="TurnTcpConnection.FrameLength"/>),
/// ChannelData, the TURN attributes of a STUN message (every XOR-PEER-ADDRESS), REST API usernames and nonces. Seeds
/// are an authenticated Allocate, CreatePermission with two peers, ChannelBind, a Send indication and ChannelData.
/// </summary>
internal sealed class TurnTarget : FuzzTarget<byte[]>
{
    private readonly TurnNonces nonces = new(TimeProvider.System, TimeSpan.FromMinutes(10));

    public override string Name => "TURN";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    // Reading is in place; nothing here allocates.
    protected override long AllocationBound(int inputLength) => 256;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        _ = TurnTcpConnection.FrameLength(input);
        if (ChannelData.TryRead(input, out var channel, out var data))
        {
            _ = channel + data.Length;
        }

        if (!StunMessage.TryParse(input, out var message))
        {
            return;
        }

        var turn = TurnAttributes.Read(message);
        _ = PeerKey.TryReadXor(turn.FirstPeer, out _);
        Span<PeerKey> peers = stackalloc PeerKey[16];
        _ = TurnAttributes.ForEachPeer(message, peers, out _);
        _ = TurnCredentials.TryParseUsername(message.Username, out _, out _);
        _ = nonces.Verify(turn.Nonce, [127, 0, 0, 1]);
        _ = (turn.Lifetime, turn.RequestedTransport, turn.RequestedAddressFamily, turn.ChannelNumber, turn.Data.Length, turn.Realm.Length);
    }

    private static List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        var buffer = new byte[2048];
        var peer = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 7882);
        using var key = new StunIntegrityKey(new byte[16]);
        Span<byte> nonce = stackalloc byte[TurnNonces.Length];
        new TurnNonces(TimeProvider.System, TimeSpan.FromMinutes(10)).Issue([127, 0, 0, 1], nonce);

        var allocate = new StunWriter(buffer, StunClass.Request, StunMethod.Allocate, StunTransactionId.NewRandom());
        allocate.AddAttribute(StunAttributeType.RequestedTransport, [17, 0, 0, 0]);
        allocate.AddAttribute(StunAttributeType.Lifetime, [0, 0, 0x0E, 0x10]);
        allocate.AddAttribute(StunAttributeType.DontFragment, []);
        allocate.AddAttribute(StunAttributeType.Username, "1767225600:alice"u8);
        allocate.AddAttribute(StunAttributeType.Realm, "openlive"u8);
        allocate.AddAttribute(StunAttributeType.Nonce, nonce);
        allocate.AddMessageIntegrity(key);
        allocate.AddFingerprint();
        seeds.Add(allocate.Written.ToArray());

        var permission = new StunWriter(buffer, StunClass.Request, StunMethod.CreatePermission, StunTransactionId.NewRandom());
        permission.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        permission.AddXorAddress(StunAttributeType.XorPeerAddress, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 7882));
        permission.AddMessageIntegrity(key);
        seeds.Add(permission.Written.ToArray());

        var bind = new StunWriter(buffer, StunClass.Request, StunMethod.ChannelBind, StunTransactionId.NewRandom());
        bind.AddAttribute(StunAttributeType.ChannelNumber, [0x40, 0x01, 0, 0]);
        bind.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        bind.AddMessageIntegrity(key);
        seeds.Add(bind.Written.ToArray());

        var send = new StunWriter(buffer, StunClass.Indication, StunMethod.Send, StunTransactionId.NewRandom());
        send.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        send.AddAttribute(StunAttributeType.Data, "stun binding request bytes"u8);
        seeds.Add(send.Written.ToArray());

        var channelData = new byte[4 + 12];
        BinaryPrimitives.WriteUInt16BigEndian(channelData, 0x4001);
        BinaryPrimitives.WriteUInt16BigEndian(channelData.AsSpan(2), 11);
        seeds.Add(channelData);
        return seeds;
    }
}
