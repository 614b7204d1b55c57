using System.Net;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Tests.Support;
using static OpenLive.Sfu.Tests.Support.KeyedTransportRig;

namespace OpenLive.Sfu.Tests.Transports;

/// <summary>
/// A transport's path may be a UDP address or a TCP connection (ICE over TCP, issue 13), and the path rules are the
/// same for both: a check moves media to a TCP connection only once that connection answers our own Binding request,
/// and a closed connection drops that path only.
/// </summary>
public sealed class WebRtcTransportTcpPathTests : IDisposable
{
    private static readonly IPEndPoint PeerUdp = new(IPAddress.Parse("198.51.100.7"), 50_000);
    private static readonly SocketAddress PeerTcp = TcpPathAddress.Create(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50_001), 7);

    private readonly KeyedTransportRig _rig = new(PeerUdp.Serialize());

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void ANominationOverTcp_MovesMediaThereOnlyOnceTheConnectionAnswersOurRequest()
    {
        Assert.Equal(PeerUdp.Serialize(), _rig.SendMedia());
        Assert.True(_rig.Transport.OnStun(_rig.Check(useCandidate: true), PeerTcp));
        Assert.Equal(PeerUdp.Serialize(), _rig.SendMedia());

        var request = Assert.Single(_rig.RequestsTo(PeerTcp));
        _rig.Transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), PeerTcp);
        Assert.Equal(PeerTcp, _rig.SendMedia());
    }

    [Fact]
    public void AClosedConnection_DropsThatPathOnly_AndMediaMovesBackOnlyAfterVerification()
    {
        Assert.True(_rig.Transport.OnStun(_rig.Check(useCandidate: true), PeerTcp));
        var request = Assert.Single(_rig.RequestsTo(PeerTcp));
        _rig.Transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), PeerTcp);
        Assert.Equal(PeerTcp, _rig.SendMedia());

        _rig.Transport.ForgetPath(PeerTcp);
        Assert.DoesNotContain(PeerTcp, _rig.Transport.KnownAddresses);
        Assert.Contains(PeerUdp.Serialize(), _rig.Transport.KnownAddresses);

        // Back to UDP: a check there is answered, and media moves once UDP answers our own request.
        _rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_rig.Transport.OnStun(_rig.Check(useCandidate: true), PeerUdp.Serialize()));
        var back = _rig.RequestsTo(PeerUdp.Serialize())[^1];
        _rig.Transport.OnStunResponse(StunChecks.SuccessResponse(back, PeerPassword), PeerUdp.Serialize());
        Assert.Equal(PeerUdp.Serialize(), _rig.SendMedia());
    }
}
