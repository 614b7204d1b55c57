using System.Net;
using CsCheck;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>Two full agents checking each other, in process, on a fake network and clock.</summary>
public sealed class IceAgentPeerTests : IDisposable
{
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("10.0.0.1"), 5000);
    private static readonly IPEndPoint AliceV6 = new(IPAddress.Parse("fd00::1"), 5002);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("10.0.0.2"), 6000);
    private static readonly IPEndPoint BobV6 = new(IPAddress.Parse("fd00::2"), 6002);

    private readonly IceScenario scenario = new();

    private FakeNetwork Network => scenario.Network;

    public void Dispose() => scenario.Dispose();

    [Fact]
    public void ControllingAndControlled_Connect_OnTheSamePair()
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlling }, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Bob);
        IceScenario.Signal(alice, bob);
        alice.Start();
        bob.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(2), () => Connected(alice, bob)));
        Assert.Equal(new IceSelectedPair(Alice, 0, Bob), alice.SelectedPair);
        Assert.Equal(new IceSelectedPair(Bob, 0, Alice), bob.SelectedPair);
        Assert.Equal((IceRole.Controlling, IceRole.Controlled), (alice.Role, bob.Role));
    }

    [Fact]
    public void BothAgentsWithTwoAddresses_AgreeOnTheBestPair()
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlling }, AliceV6, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, BobV6, Bob);
        IceScenario.Signal(alice, bob);
        alice.Start();
        bob.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(3), () => Connected(alice, bob)));
        Assert.Equal(new IceSelectedPair(AliceV6, 0, BobV6), alice.SelectedPair);
        Assert.Equal(new IceSelectedPair(BobV6, 0, AliceV6), bob.SelectedPair);
    }

    [Fact]
    public void ControlledAgent_NotStarted_StillAnswers_AndLearnsAPeerReflexiveCandidate()
    {
        // Bob never hears of Alice's candidate (no trickle): he learns it from her check (RFC 8445 §7.3.1.3).
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlling }, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Bob);
        Assert.True(alice.SetRemoteCredentials(bob.LocalCredentials.Ufrag, bob.LocalCredentials.Password));
        Assert.True(bob.SetRemoteCredentials(alice.LocalCredentials.Ufrag, alice.LocalCredentials.Password));
        Assert.True(alice.AddRemoteCandidate(bob.LocalCandidates[0]));
        alice.Start();
        Network.Run(TimeSpan.FromMilliseconds(200));
        bob.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(3), () => Connected(alice, bob)));
        Assert.Equal(new IceSelectedPair(Bob, 0, Alice), bob.SelectedPair);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void SameRoleOnBothSides_IsResolved_ByTheTiebreaker(IceRole both) // RFC 8445 §7.3.1.1
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = both, Tiebreaker = 1 }, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = both, Tiebreaker = 2 }, Bob);
        IceScenario.Signal(alice, bob);
        alice.Start();
        bob.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(3), () => Connected(alice, bob)));
        // The larger tiebreaker controls.
        Assert.Equal((IceRole.Controlled, IceRole.Controlling), (alice.Role, bob.Role));
        Assert.Equal(new IceSelectedPair(Alice, 0, Bob), alice.SelectedPair);
        Assert.Equal(new IceSelectedPair(Bob, 0, Alice), bob.SelectedPair);
        Assert.Contains(Network.Sent, d => IsRoleConflict(d.Bytes));
    }

    [Fact]
    public void PeerThatGoesAway_FailsConsentOnBothSides()
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlling }, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Bob);
        IceScenario.Signal(alice, bob);
        alice.Start();
        bob.Start();
        Network.Run(TimeSpan.FromSeconds(2), () => Connected(alice, bob));
        bob.Close();

        Assert.True(Network.Run(TimeSpan.FromSeconds(31), () => alice.State == IceConnectionState.Failed));
        Assert.Equal(
            [IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Failed],
            scenario.States(alice));
    }

    [Fact]
    public void WrongCredentials_AreRefused_AndNothingConnects()
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlling, ConnectTimeout = TimeSpan.FromSeconds(20) }, Alice);
        var bob = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Bob);
        Assert.True(alice.SetRemoteCredentials(bob.LocalCredentials.Ufrag, "0123456789012345678901"));
        Assert.True(alice.AddRemoteCandidate(bob.LocalCandidates[0]));
        alice.EndOfRemoteCandidates();
        alice.Start();

        Assert.True(Network.Run(TimeSpan.FromSeconds(20), () => alice.State == IceConnectionState.Failed));
        Assert.Equal(IceConnectionState.New, bob.State);
        Assert.Contains(Network.Sent, d => d.From.Equals(Bob) && ErrorCodeOf(d.Bytes) == StunErrorCode.Unauthorized);
    }

    [Fact]
    public void RemoteCredentials_CannotBeChanged()
    {
        var alice = scenario.Agent(new IceAgentOptions(), Alice);
        Assert.False(alice.SetRemoteCredentials("ab", "0123456789012345678901"));
        Assert.True(alice.SetRemoteCredentials("abcd", "0123456789012345678901"));
        Assert.True(alice.SetRemoteCredentials("abcd", "0123456789012345678901"));
        Assert.False(alice.SetRemoteCredentials("abce", "0123456789012345678901"));
    }

    [Fact]
    public void UnusableOptions_AreRefused()
    {
        var sender = Network.SenderFor(Alice);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { PacingInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { MaxCheckTransmissions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { ConsentInterval = TimeSpan.FromSeconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { LivenessInterval = TimeSpan.FromMilliseconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { LivenessInterval = TimeSpan.FromSeconds(5) }));
        // Disconnected after less than three liveness checks would flip on one lost datagram.
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { LivenessInterval = TimeSpan.FromSeconds(1), DisconnectedTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(sender, new IceAgentOptions { MaxRetransmitTimeout = TimeSpan.FromMilliseconds(100) }));
    }

    [Fact]
    public void AnyBytes_FromAnywhere_NeverThrow()
    {
        var alice = scenario.Agent(new IceAgentOptions { Role = IceRole.Controlled }, Alice);
        var bob = scenario.Agent(new IceAgentOptions(), Bob);
        IceScenario.Signal(alice, bob);
        alice.Start();
        Gen.Byte.Array[0, 150].Sample(bytes => alice.ProcessPacket(bytes, Bob, 0), iter: 3_000);

        // Valid checks with one byte flipped: never a crash, never a connection.
        var check = new CheckBuilder(alice.LocalCredentials, bob.LocalCredentials.Ufrag) { UseCandidate = true }.Build();
        Gen.Select(Gen.Int[0, check.Length - 1], Gen.Byte[1, 255], Gen.Int[0, 3]).Sample((at, flip, socket) =>
        {
            var mutated = (byte[])check.Clone();
            mutated[at] ^= flip;
            alice.ProcessPacket(mutated, Bob, socket);
        }, iter: 3_000);
        Assert.Equal(IceConnectionState.Checking, alice.State);
    }

    private static bool Connected(IceAgent a, IceAgent b) =>
        a.State == IceConnectionState.Connected && b.State == IceConnectionState.Connected;

    private static bool IsRoleConflict(byte[] bytes) => ErrorCodeOf(bytes) == StunErrorCode.RoleConflict;

    private static int ErrorCodeOf(byte[] bytes) =>
        StunMessage.TryParse(bytes, out var message) && message.TryGetErrorCode(out var code, out _) ? code : 0;
}
