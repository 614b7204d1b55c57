using System.Net;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>Our full agent against our ICE-lite server, in process, on a fake network and clock.</summary>
public sealed class IceAgentLiteTests : IDisposable
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.168.1.10"), 40_000);
    private static readonly IPEndPoint ClientV6 = new(IPAddress.Parse("2001:db8:1::10"), 40_002);
    private static readonly IPEndPoint Server = new(IPAddress.Parse("203.0.113.5"), 3478);
    private static readonly IPEndPoint ServerV6 = new(IPAddress.Parse("2001:db8:2::5"), 3478);

    private readonly IceScenario scenario = new();

    private FakeNetwork Network => scenario.Network;

    public void Dispose() => scenario.Dispose();

    [Fact]
    public void Connects_AndNominates_TheServersEndpoint()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected));
        Assert.Equal(new IceSelectedPair(Client, 0, Server), client.SelectedPair);
        Assert.Equal(Client, server.SelectedEndpoint);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected], scenario.States(client));
        Assert.Equal(client.SelectedPair, scenario.Events[client][^1].SelectedPair);
        Assert.True(Network.Time.GetUtcNow() - Network.Time.Start < TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ChecksCarryWhatALiteServerNeeds() // RFC 8445 §7.2.2, §7.1.2
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true, Tiebreaker = 77 }, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);

        var checks = Network.Sent.Where(d => d.From.Equals(Client)).ToList();
        Assert.Equal(2, checks.Count); // one ordinary check, then the nominating one
        Assert.True(StunMessage.TryParse(checks[0].Bytes, out var first));
        Assert.Equal($"{server.LocalCredentials.Ufrag}:{client.LocalCredentials.Ufrag}", System.Text.Encoding.ASCII.GetString(first.Username));
        Assert.Equal(IcePriority.Candidate(IceCandidateType.PeerReflexive, 65535, 1), first.Priority);
        Assert.Equal(77ul, first.IceControlling);
        Assert.False(first.UseCandidate);
        Assert.True(StunMessage.TryParse(checks[1].Bytes, out var second));
        Assert.True(second.UseCandidate);
        Assert.NotEqual(first.TransactionId, second.TransactionId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void SurvivesLosingTheFirstChecks_ByRetransmitting(int lost)
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        scenario.LiteServer(client, Server);
        var dropped = 0;
        Network.Drop = d => d.From.Equals(Client) && dropped++ < lost;
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(10), () => client.State == IceConnectionState.Connected));
        var checks = Network.Sent.Where(d => d.From.Equals(Client)).Select(d => StunTransactionIdOf(d.Bytes)).ToList();
        Assert.Equal(lost + 2, checks.Count);
        Assert.Single(checks.Take(lost + 1).Distinct()); // retransmissions reuse the transaction id (RFC 8489 §6.2.1)
        // RTO 500 ms doubling, capped at 1.6 s: the (lost+1)th transmission goes out at 0, 0.5, 1.5, 3.1, 4.7, 6.3 s.
        double[] sentAt = [0, 0.5, 1.5, 3.1, 4.7, 6.3];
        var elapsed = (Network.Time.GetUtcNow() - Network.Time.Start).TotalSeconds;
        Assert.InRange(elapsed, sentAt[lost], sentAt[lost] + 0.2);
    }

    [Fact]
    public void FailsOnceEveryTransmissionIsLost()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        scenario.LiteServer(client, Server);
        Network.Drop = _ => true;
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(20), () => client.State == IceConnectionState.Failed));
        Assert.Equal(7, Network.Sent.Count);
        Assert.InRange((Network.Time.GetUtcNow() - Network.Time.Start).TotalSeconds, 9.4, 9.7); // 7.9 s + a final 1.6 s
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Failed], scenario.States(client));
    }

    [Fact]
    public void FailsAtTheConnectTimeout_WhenTheServerSendsNoCandidates()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true, ConnectTimeout = TimeSpan.FromSeconds(5) }, Client);
        client.Start();
        Assert.False(Network.Run(TimeSpan.FromSeconds(4.9), () => client.State == IceConnectionState.Failed));
        Assert.True(Network.Run(TimeSpan.FromSeconds(0.2), () => client.State == IceConnectionState.Failed));
    }

    [Fact]
    public void ConsentChecks_KeepBothSidesAlive() // RFC 7675
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);
        var sentBefore = Network.Sent.Count;

        Network.Run(TimeSpan.FromMinutes(2));
        Assert.Equal(IceConnectionState.Connected, client.State);
        Assert.False(server.IsConsentExpired());
        var consentChecks = (Network.Sent.Count - sentBefore) / 2;
        Assert.InRange(consentChecks, 120 / 6, 120 / 4); // one every 4..6 s
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected], scenario.States(client));
    }

    [Fact]
    public void LostConsent_GoesDisconnected_ThenFailed()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);
        Network.Drop = _ => true;
        var cut = Network.Time.GetUtcNow();

        Assert.True(Network.Run(TimeSpan.FromSeconds(20), () => client.State == IceConnectionState.Disconnected));
        Assert.InRange((Network.Time.GetUtcNow() - cut).TotalSeconds, 14, 15.1);
        Assert.True(Network.Run(TimeSpan.FromSeconds(20), () => client.State == IceConnectionState.Failed));
        Assert.InRange((Network.Time.GetUtcNow() - cut).TotalSeconds, 29, 30.1);
        Assert.True(server.IsConsentExpired());
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Failed], scenario.States(client));

        var sent = Network.Sent.Count;
        Network.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(sent, Network.Sent.Count); // a failed agent is silent
    }

    [Fact]
    public void LivenessChecks_ShowADeadPathInTwoSeconds_AndKeepAnAlivePathConnected()
    {
        var options = new IceAgentOptions { RemoteIsLite = true, LivenessInterval = TimeSpan.FromMilliseconds(500), DisconnectedTimeout = TimeSpan.FromSeconds(2) };
        var client = scenario.Agent(options, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);
        var sentBefore = Network.Sent.Count;

        // Alive: a check every 0.4..0.6 s, each answered, and no false Disconnected.
        Network.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(IceConnectionState.Connected, client.State);
        Assert.False(server.IsConsentExpired());
        Assert.InRange((Network.Sent.Count - sentBefore) / 2, 30 / 0.6, 30 / 0.4);

        Network.Drop = _ => true;
        var cut = Network.Time.GetUtcNow();
        // Disconnected comes 2 s after the last answered check, which was up to one interval (at most 0.6 s: 500 ms
        // times RFC 7675's random factor up to 1.2) before the cut — so between 1.4 s and 2 s after it (plus a tick).
        Assert.True(Network.Run(TimeSpan.FromSeconds(5), () => client.State == IceConnectionState.Disconnected));
        Assert.InRange((Network.Time.GetUtcNow() - cut).TotalSeconds, 2 - 0.6, 2.1);

        // The path back: the next liveness check brings the same pair back within a fraction of a second.
        Network.Drop = _ => false;
        Assert.True(Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected));
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Connected], scenario.States(client));
    }

    [Fact]
    public void ConsentThatComesBack_ReconnectsTheSamePair()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);
        Network.Drop = _ => true;
        Network.Run(TimeSpan.FromSeconds(20), () => client.State == IceConnectionState.Disconnected);
        Network.Drop = _ => false;

        Assert.True(Network.Run(TimeSpan.FromSeconds(7), () => client.State == IceConnectionState.Connected));
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Connected], scenario.States(client));
        Assert.Equal(new IceSelectedPair(Client, 0, Server), client.SelectedPair);
    }

    [Fact]
    public void OnceSwitchesNeedVerification_OurClientAnswersTheLiteServersRequest_AndOnlyThenIsSelected() // RFC 7675
    {
        var decoy = new IPEndPoint(IPAddress.Parse("198.51.100.99"), 9);
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        var server = scenario.LiteServer(client, Server);
        server.SetRemoteCredentials(client.LocalCredentials.Ufrag, client.LocalCredentials.Password);
        server.RequireVerifiedSwitches(decoy); // As if DTLS had completed from another address: Client is a new one.
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(2), () => server.SelectedEndpoint?.Equals(Client) == true));
        var request = Assert.Single(Network.Sent, d => d.From.Equals(Server) && d.To.Equals(Client) && IsRequest(d.Bytes));
        Assert.Contains(Network.Sent, d => d.From.Equals(Client) && d.To.Equals(Server) && IsSuccessTo(d.Bytes, request.Bytes));
        Assert.DoesNotContain(Network.Sent, d => d.To.Equals(decoy));

        static bool IsRequest(byte[] bytes) => StunMessage.TryParse(bytes, out var message) && message.Class == StunClass.Request;

        static bool IsSuccessTo(byte[] bytes, byte[] request) =>
            StunMessage.TryParse(bytes, out var message) && message.Class == StunClass.SuccessResponse
            && bytes.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12));
    }

    [Fact]
    public void ClientThatThinksItIsControlled_IsToldByTheLiteServer_AndTakesControl() // RFC 8445 §7.2.5.1
    {
        var client = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Client);
        var server = scenario.LiteServer(client, Server);
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(2), () => client.State == IceConnectionState.Connected));
        Assert.Equal(IceRole.Controlling, client.Role);
        Assert.Equal(Client, server.SelectedEndpoint);
    }

    [Fact]
    public void NominatesTheBestWorkingPair_AcrossAddressFamilies()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, ClientV6, Client);
        var server = scenario.LiteServer(client, ServerV6, Server);
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(2), () => client.State == IceConnectionState.Connected));
        Assert.Equal(new IceSelectedPair(ClientV6, 0, ServerV6), client.SelectedPair);
        Assert.Equal(ClientV6, server.SelectedEndpoint);
    }

    [Fact]
    public void WaitsForABetterPair_OnlyUpToTheNominationDelay()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, ClientV6, Client);
        var server = scenario.LiteServer(client, ServerV6, Server);
        Network.Drop = d => d.To.Equals(ServerV6); // the preferred IPv6 path is black-holed
        client.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(2), () => client.State == IceConnectionState.Connected));
        Assert.Equal(new IceSelectedPair(Client, 1, Server), client.SelectedPair);
        Assert.Equal(Client, server.SelectedEndpoint);
        Assert.InRange((Network.Time.GetUtcNow() - Network.Time.Start).TotalMilliseconds, 500, 700);
    }

    [Fact]
    public void Close_StopsEverything()
    {
        var client = scenario.Agent(new IceAgentOptions { RemoteIsLite = true }, Client);
        scenario.LiteServer(client, Server);
        client.Start();
        Network.Run(TimeSpan.FromSeconds(1), () => client.State == IceConnectionState.Connected);
        client.Close();
        var sent = Network.Sent.Count;
        Network.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(sent, Network.Sent.Count);
        Assert.Equal(IceConnectionState.Closed, client.State);
        Assert.Equal(IceConnectionState.Closed, scenario.States(client)[^1]);
    }

    private static StunTransactionId StunTransactionIdOf(byte[] bytes) => StunTransactionId.Read(bytes.AsSpan(8));
}
