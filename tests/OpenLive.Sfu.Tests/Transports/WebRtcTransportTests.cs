using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Tests.Transports;

/// <summary>
/// Where a connected transport sends media (issue 12 item 1, reflection): a subscriber knows its own ICE password, so
/// a check with USE-CANDIDATE from a forged source must not aim media at that source until the source itself answers
/// our Binding request (RFC 7675), and a datagram that fails MESSAGE-INTEGRITY leaves no trace.
/// </summary>
public sealed class WebRtcTransportTests : IDisposable
{
    private const string PeerUfrag = "brws";
    private const string PeerPassword = "browser-password-0123456789";
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.7"), 50_000);
    private static readonly IPEndPoint PeerOnNewPath = new(IPAddress.Parse("198.51.100.7"), 50_002);
    private static readonly IPEndPoint Victim = new(IPAddress.Parse("203.0.113.9"), 9);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly RecordingSocket _socket = new();
    private readonly Rtc.Dtls.DtlsCertificate _certificate = Rtc.Dtls.DtlsCertificate.Create();
    private readonly WebRtcTransport _transport;
    private readonly byte[] _media = new byte[200];
    private ushort _sequence;

    public WebRtcTransportTests()
    {
        _transport = new WebRtcTransport(1, _socket, _certificate, _time);
        var key = new byte[16];
        var salt = new byte[12];
        _transport.UseKeys(new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key, salt), Peer.Serialize(), PeerUfrag, PeerPassword);
    }

    public void Dispose() => _transport.Dispose();

    private byte[] Check(bool useCandidate, string? password = null) =>
        StunChecks.Check(_transport.LocalIce.Ufrag, PeerUfrag, password ?? _transport.LocalIce.Password, useCandidate);

    /// <summary>Sends one RTP packet through the transport and returns where it went.</summary>
    private IPEndPoint SendMedia()
    {
        _media[0] = 0x80;
        _media[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(_media.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_media.AsSpan(8), 0x1234);
        Assert.True(_transport.SendRtp(_media, 100));
        return _socket.Sent[^1].To;
    }

    private List<byte[]> RequestsTo(IPEndPoint to) =>
        [.. _socket.Sent.Where(s => s.To.Equals(to) && StunChecks.IsBindingRequest(s.Datagram)).Select(s => s.Datagram)];

    [Fact]
    public void ANominationFromANewAddress_MovesMediaOnlyOnceThatAddressAnswersOurRequest()
    {
        Assert.Equal(Peer, SendMedia());
        Assert.True(_transport.OnStun(Check(useCandidate: true), PeerOnNewPath.Serialize()));
        Assert.Equal(Peer, SendMedia());

        var request = Assert.Single(RequestsTo(PeerOnNewPath));

        // Not the answer: signed with another password, or from another address, or a stranger's transaction.
        _transport.OnStunResponse(StunChecks.SuccessResponse(request, "not-the-peer-password-123"), PeerOnNewPath.Serialize());
        _transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), Victim.Serialize());
        _transport.OnStunResponse(StunChecks.SuccessResponse(Check(useCandidate: false), PeerPassword), PeerOnNewPath.Serialize());
        Assert.Equal(Peer, SendMedia());

        _transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), PeerOnNewPath.Serialize());
        Assert.Equal(PeerOnNewPath, SendMedia());
    }

    [Fact]
    public void ADatagramWithBadIntegrity_RecordsNoAddress()
    {
        Assert.False(_transport.OnStun(Check(useCandidate: true, password: "wrong-password-0123456789"), Victim.Serialize()));
        Assert.DoesNotContain(_transport.KnownAddresses, a => SocketAddresses.ToIPEndPoint(a).Equals(Victim));
        Assert.Empty(RequestsTo(Victim));
        Assert.Equal(Peer, SendMedia());
    }

    [Fact]
    public void AnAddressThatNeverAnswers_NeverReceivesMedia_AndGetsABoundedNumberOfRequests()
    {
        Assert.True(_transport.OnStun(Check(useCandidate: true), Victim.Serialize()));
        for (var i = 0; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _transport.Check(_time.GetTimestamp(), TimeSpan.FromSeconds(20));
            Assert.Equal(Peer, SendMedia());
            if (i % 10 == 0)
            {
                _transport.OnStun(Check(useCandidate: true), Peer.Serialize()); // The peer's own consent checks.
            }
        }

        Assert.All(_socket.Sent.Where(s => s.To.Equals(Victim)), s => Assert.True(StunChecks.IsBindingRequest(s.Datagram) || s.Datagram.Length < 100));
        Assert.InRange(RequestsTo(Victim).Count, 1, 4);
    }

    /// <summary>A media socket that keeps every datagram and its destination.</summary>
    private sealed class RecordingSocket : IMediaSocket
    {
        public List<(byte[] Datagram, IPEndPoint To)> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, SocketAddress to) => Sent.Add((datagram.ToArray(), SocketAddresses.ToIPEndPoint(to)));

        public void Post(Action action) => action();
    }
}
