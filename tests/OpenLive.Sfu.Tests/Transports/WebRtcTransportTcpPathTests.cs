using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Srtp;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Tests.Transports;

/// <summary>
/// A transport's path may be a UDP address or a TCP connection (ICE over TCP, issue 13), and the path rules are the
/// same for both: a check moves media to a TCP connection only once that connection answers our own Binding request,
/// and a closed connection drops that path only.
/// </summary>
public sealed class WebRtcTransportTcpPathTests : IDisposable
{
    private const string PeerUfrag = "brws";
    private const string PeerPassword = "browser-password-0123456789";
    private static readonly IPEndPoint PeerUdp = new(IPAddress.Parse("198.51.100.7"), 50_000);
    private static readonly SocketAddress PeerTcp = TcpPathAddress.Create(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50_001), 7);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly PathRecordingSocket _socket = new();
    private readonly Rtc.Dtls.DtlsCertificate _certificate = Rtc.Dtls.DtlsCertificate.Create();
    private readonly WebRtcTransport _transport;
    private readonly byte[] _media = new byte[200];
    private ushort _sequence;

    public WebRtcTransportTcpPathTests()
    {
        _transport = new WebRtcTransport(1, _socket, _certificate, _time);
        var key = new byte[16];
        var salt = new byte[12];
        _transport.UseKeys(new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key, salt), PeerUdp.Serialize(), PeerUfrag, PeerPassword);
    }

    public void Dispose() => _transport.Dispose();

    private byte[] Check(bool useCandidate) => StunChecks.Check(_transport.LocalIce.Ufrag, PeerUfrag, _transport.LocalIce.Password, useCandidate);

    private SocketAddress SendMedia()
    {
        _media[0] = 0x80;
        _media[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(_media.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_media.AsSpan(8), 0x1234);
        Assert.True(_transport.SendRtp(_media, 100));
        return _socket.Sent[^1].To;
    }

    [Fact]
    public void ANominationOverTcp_MovesMediaThereOnlyOnceTheConnectionAnswersOurRequest()
    {
        Assert.Equal(PeerUdp.Serialize(), SendMedia());
        Assert.True(_transport.OnStun(Check(useCandidate: true), PeerTcp));
        Assert.Equal(PeerUdp.Serialize(), SendMedia());

        var request = Assert.Single(_socket.Sent, s => s.To.Equals(PeerTcp) && StunChecks.IsBindingRequest(s.Datagram));
        _transport.OnStunResponse(StunChecks.SuccessResponse(request.Datagram, PeerPassword), PeerTcp);
        Assert.Equal(PeerTcp, SendMedia());
    }

    [Fact]
    public void AClosedConnection_DropsThatPathOnly_AndMediaMovesBackOnlyAfterVerification()
    {
        Assert.True(_transport.OnStun(Check(useCandidate: true), PeerTcp));
        var request = Assert.Single(_socket.Sent, s => s.To.Equals(PeerTcp) && StunChecks.IsBindingRequest(s.Datagram));
        _transport.OnStunResponse(StunChecks.SuccessResponse(request.Datagram, PeerPassword), PeerTcp);
        Assert.Equal(PeerTcp, SendMedia());

        _transport.ForgetPath(PeerTcp);
        Assert.DoesNotContain(PeerTcp, _transport.KnownAddresses);
        Assert.Contains(PeerUdp.Serialize(), _transport.KnownAddresses);

        // Back to UDP: a check there is answered, and media moves once UDP answers our own request.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_transport.OnStun(Check(useCandidate: true), PeerUdp.Serialize()));
        var back = _socket.Sent.Last(s => s.To.Equals(PeerUdp.Serialize()) && StunChecks.IsBindingRequest(s.Datagram));
        _transport.OnStunResponse(StunChecks.SuccessResponse(back.Datagram, PeerPassword), PeerUdp.Serialize());
        Assert.Equal(PeerUdp.Serialize(), SendMedia());
    }

    private sealed class PathRecordingSocket : IMediaSocket
    {
        public List<(byte[] Datagram, SocketAddress To)> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, SocketAddress to) => Sent.Add((datagram.ToArray(), Rtc.Transport.SocketAddresses.Copy(to)));

        public void Post(Action action) => action();
    }
}
