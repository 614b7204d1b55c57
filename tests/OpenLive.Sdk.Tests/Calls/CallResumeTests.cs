using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// Calls across a short drop (inside the resume window): an invitation that ended while the invitee's connection was
/// down ends at the resume with 100 (ERR_CALL_NOT_EXIST), since its end push went to the lost connection; a sponsor that
/// drops while ringing and comes back in time keeps the call, and the invitee can still accept it.
/// </summary>
public sealed class CallResumeTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private static Task<IncomingCallEventArgs> Incoming(LiveClient client) => Events.Next<IncomingCallEventArgs>(h => client.IncomingCall += h);

    [Fact]
    public async Task AnInvitationThatEndedWhileTheInviteeWasReconnecting_EndsWithCode100_AtTheResume()
    {
        await using var alice = await Server.LoggedInClientAsync("cr1_alice");
        await using var bob = await Server.LoggedInClientAsync("cr1_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("cr1_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(60) });
        Assert.Equal(call.CallId, (await ringing).Invitation.CallId);
        var bobEnd = Events.Next<LiveCallEndedEventArgs>(h => bob.CallEnded += h);

        // The cancel happens while bob's SDK is between its lost connection and its resume: the state change to
        // Reconnecting is raised before the SDK reconnects, so holding it there until the cancel is done orders the two
        // without any timing.
        var cancelled = 0;
        bob.ConnectionStateChanged += (_, e) =>
        {
            if (e.State == ConnectionState.Reconnecting && Interlocked.Exchange(ref cancelled, 1) == 0)
            {
                call.CancelAsync().GetAwaiter().GetResult();
            }
        };
        var back = Events.Next<ConnectionStateChangedEventArgs>(h => bob.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);

        bob.SimulateNetworkLoss();

        await back;
        var end = await bobEnd;
        Assert.Equal((call.CallId, LiveCallEndCode.NotExist), (end.CallId, end.Code));
        Assert.Empty(bob.RingingCalls);
        Assert.Equal(LiveCallEndCode.SponsorCancel, call.EndReason!.Code);
    }

    [Fact]
    public async Task ASponsorDroppingWhileRinging_AndBackWithinTheResumeWindow_KeepsTheCall()
    {
        await using var alice = await Server.LoggedInClientAsync("cr2_alice");
        await using var bob = await Server.LoggedInClientAsync("cr2_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("cr2_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(60) });
        var callId = (await ringing).Invitation.CallId;
        var bobEnd = Events.Next<LiveCallEndedEventArgs>(h => bob.CallEnded += h);
        var aliceBack = Events.Next<ConnectionStateChangedEventArgs>(h => alice.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);

        alice.SimulateNetworkLoss();
        await aliceBack;

        Assert.False(bobEnd.IsCompleted);
        Assert.Contains(bob.RingingCalls, invitation => invitation.CallId == callId);
        var established = Events.Next<EventArgs>(h => call.Established += h);
        var bobCall = await bob.AcceptCallAsync(callId);
        await established;
        Assert.Same(call, alice.CurrentCall);
        Assert.Null(call.EndReason);
        var aliceEnd = Events.Next<LiveCallEndedEventArgs>(h => alice.CallEnded += h);
        await bobCall.HangUpAsync();
        Assert.Equal(LiveCallEndCode.Hangup, (await aliceEnd).Code);
    }
}
