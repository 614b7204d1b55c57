using System.Net;
using OpenLive.Rtc.Transport;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Sfu.Transports;
using static OpenLive.Sfu.Tests.Support.KeyedTransportRig;

namespace OpenLive.Sfu.Tests.Transports;

/// <summary>
/// Where a connected transport sends media (issue 12 item 1, reflection): a subscriber knows its own ICE password, so
/// a check with USE-CANDIDATE from a forged source must not aim media at that source until the source itself answers
/// our Binding request (RFC 7675), and a datagram that fails MESSAGE-INTEGRITY leaves no trace.
/// </summary>
public sealed class WebRtcTransportTests : IDisposable
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.7"), 50_000);
    private static readonly IPEndPoint PeerOnNewPath = new(IPAddress.Parse("198.51.100.7"), 50_002);
    private static readonly IPEndPoint Victim = new(IPAddress.Parse("203.0.113.9"), 9);

    private readonly KeyedTransportRig _rig = new(Peer.Serialize());

    public void Dispose() => _rig.Dispose();

    private WebRtcTransport Transport => _rig.Transport;

    private byte[] Check(bool useCandidate, string? password = null) => _rig.Check(useCandidate, password);

    /// <summary>Sends one RTP packet through the transport and returns where it went.</summary>
    private IPEndPoint SendMedia() => SocketAddresses.ToIPEndPoint(_rig.SendMedia());

    private List<byte[]> RequestsTo(IPEndPoint to) => _rig.RequestsTo(to.Serialize());

    [Fact]
    public void ANominationFromANewAddress_MovesMediaOnlyOnceThatAddressAnswersOurRequest()
    {
        Assert.Equal(Peer, SendMedia());
        Assert.True(Transport.OnStun(Check(useCandidate: true), PeerOnNewPath.Serialize()));
        Assert.Equal(Peer, SendMedia());

        var request = Assert.Single(RequestsTo(PeerOnNewPath));

        // Not the answer: signed with another password, or from another address, or a stranger's transaction.
        Transport.OnStunResponse(StunChecks.SuccessResponse(request, "not-the-peer-password-123"), PeerOnNewPath.Serialize());
        Transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), Victim.Serialize());
        Transport.OnStunResponse(StunChecks.SuccessResponse(Check(useCandidate: false), PeerPassword), PeerOnNewPath.Serialize());
        Assert.Equal(Peer, SendMedia());

        Transport.OnStunResponse(StunChecks.SuccessResponse(request, PeerPassword), PeerOnNewPath.Serialize());
        Assert.Equal(PeerOnNewPath, SendMedia());
    }

    [Fact]
    public void ADatagramWithBadIntegrity_RecordsNoAddress()
    {
        Assert.False(Transport.OnStun(Check(useCandidate: true, password: "wrong-password-0123456789"), Victim.Serialize()));
        Assert.DoesNotContain(Transport.KnownAddresses, a => SocketAddresses.ToIPEndPoint(a).Equals(Victim));
        Assert.Empty(RequestsTo(Victim));
        Assert.Equal(Peer, SendMedia());
    }

    [Fact]
    public void AnAddressThatNeverAnswers_NeverReceivesMedia_AndGetsABoundedNumberOfRequests()
    {
        Assert.True(Transport.OnStun(Check(useCandidate: true), Victim.Serialize()));
        for (var i = 0; i < 100; i++)
        {
            _rig.Time.Advance(TimeSpan.FromMilliseconds(100));
            Transport.Check(_rig.Time.GetTimestamp(), TimeSpan.FromSeconds(20));
            Assert.Equal(Peer, SendMedia());
            if (i % 10 == 0)
            {
                Transport.OnStun(Check(useCandidate: true), Peer.Serialize()); // The peer's own consent checks.
            }
        }

        Assert.All(_rig.Socket.Sent.Where(s => s.To.Equals(Victim.Serialize())), s => Assert.True(StunChecks.IsBindingRequest(s.Datagram) || s.Datagram.Length < 100));
        Assert.InRange(RequestsTo(Victim).Count, 1, 4);
    }

    /// <summary>Empty receiver reports (RC 0, PT 201, SRTCP: the header is in the clear) the transport sent to the peer.</summary>
    private int KeepalivesSent() =>
        _rig.Socket.Sent.Count(s => s.To.Equals(Peer.Serialize()) && s.Datagram.Length > 8 && s.Datagram[0] == 0x80 && s.Datagram[1] == 201);

    private void Advance(TimeSpan by, bool sendMedia)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += TimeSpan.FromMilliseconds(20))
        {
            _rig.Time.Advance(TimeSpan.FromMilliseconds(20));
            if (sendMedia)
            {
                SendMedia();
            }

            Transport.Check(_rig.Time.GetTimestamp(), TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public void AConnectedTransportThatSendsNothing_SendsAnEmptyReceiverReportEveryHalfSecond()
    {
        // The browser SDK judges a media path by when it last received anything on it: a quiet connection (a muted
        // host's viewer, a publisher that gets no feedback) must not look dead.
        Advance(TimeSpan.FromSeconds(3), sendMedia: false);
        Assert.InRange(KeepalivesSent(), 5, 6);
    }

    [Fact]
    public void ATransportCarryingMedia_SendsNoKeepalive_AndAPauseStartsThemAgain()
    {
        Advance(TimeSpan.FromSeconds(3), sendMedia: true);
        Assert.Equal(0, KeepalivesSent());

        Advance(TimeSpan.FromMilliseconds(1100), sendMedia: false);
        Assert.InRange(KeepalivesSent(), 1, 2);
    }
}
