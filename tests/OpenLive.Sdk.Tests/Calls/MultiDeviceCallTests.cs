using OpenLive.Core.Errors;
using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// A call to a user logged in on several devices (<see cref="LiveClientOptions.Device"/>): it rings on all of them,
/// the first device to answer wins, the others stop ringing with <see cref="LiveCallEndCode.AnsweredElsewhere"/>, and
/// a late answer from another device gets 1802 and ends its invitation with <see cref="LiveCallEndCode.NotExist"/>.
/// Also the SDK's own end code for a session the app ends itself (102).
/// </summary>
public sealed class MultiDeviceCallTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private static Task<IncomingCallEventArgs> Incoming(LiveClient client) => Events.Next<IncomingCallEventArgs>(h => client.IncomingCall += h);

    private static Task<LiveCallEndedEventArgs> EndOf(LiveClient client) => Events.Next<LiveCallEndedEventArgs>(h => client.CallEnded += h);

    [Fact]
    public async Task ACallRingsOnEveryDevice_TheFirstToAcceptWins_TheOtherStopsRingingWithCode7()
    {
        await using var alice = await Server.LoggedInClientAsync("mdc1_alice");
        await using var phone = await Server.LoggedInClientAsync("mdc1_bob", "phone");
        await using var desktop = await Server.LoggedInClientAsync("mdc1_bob", "desktop");
        var onPhone = Incoming(phone);
        var onDesktop = Incoming(desktop);

        var call = await alice.MakeCallAsync("mdc1_bob");
        var established = Events.Next<EventArgs>(h => call.Established += h);
        Assert.Equal(call.CallId, (await onPhone).Invitation.CallId);
        Assert.Equal(call.CallId, (await onDesktop).Invitation.CallId);
        var desktopEnd = EndOf(desktop);

        var answered = await phone.AcceptCallAsync(call.CallId);

        await established;
        var end = await desktopEnd;
        Assert.Equal((call.CallId, LiveCallEndCode.AnsweredElsewhere), (end.CallId, end.Code));
        Assert.Empty(desktop.RingingCalls);
        Assert.Null(desktop.CurrentCall);
        Assert.Same(answered, phone.CurrentCall);

        // The call's events go to the device in it: the hang-up reaches the phone, and the desktop hears nothing more.
        var phoneEnd = EndOf(phone);
        var desktopAgain = EndOf(desktop);
        await call.HangUpAsync();
        Assert.Equal(LiveCallEndCode.Hangup, (await phoneEnd).Code);
        Assert.False(desktopAgain.IsCompleted);
    }

    [Fact]
    public async Task TwoDevicesAcceptingAtOnce_OneWins_TheOtherGets1802_AndItsInvitationEndsWithCode100OrCode7()
    {
        await using var alice = await Server.LoggedInClientAsync("mdc2_alice");
        await using var phone = await Server.LoggedInClientAsync("mdc2_bob", "phone");
        await using var desktop = await Server.LoggedInClientAsync("mdc2_bob", "desktop");
        var onPhone = Incoming(phone);
        var onDesktop = Incoming(desktop);
        var call = await alice.MakeCallAsync("mdc2_bob");
        await onPhone;
        await onDesktop;
        var phoneEnd = EndOf(phone);
        var desktopEnd = EndOf(desktop);

        var accepts = new[] { Outcome(phone.AcceptCallAsync(call.CallId)), Outcome(desktop.AcceptCallAsync(call.CallId)) };
        var results = await Task.WhenAll(accepts);

        Assert.Single(results, r => r.Call is not null);
        var loser = Assert.Single(results, r => r.Error is not null);
        Assert.Equal(("AVSDK", 1802), (loser.Error!.Module, loser.Error.Code));
        // The loser's invitation ended either by the server's push (7) or, when its accept crossed that push, by the
        // SDK learning from the 1802 that it no longer exists (100): once, either way.
        var losingDevice = results[0].Call is null ? phone : desktop;
        var loserEnd = await (losingDevice == phone ? phoneEnd : desktopEnd);
        Assert.Contains(loserEnd.Code, new[] { LiveCallEndCode.AnsweredElsewhere, LiveCallEndCode.NotExist });
        Assert.Empty(losingDevice.RingingCalls);
        await call.HangUpAsync();
    }

    [Fact]
    public async Task AnAcceptOfAnInvitationTheServerNoLongerHas_EndsItWithCode100()
    {
        await using var alice = await Server.LoggedInClientAsync("mdc3_alice");
        await using var bob = await Server.LoggedInClientAsync("mdc3_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("mdc3_bob");
        var invitation = (await ringing).Invitation;

        // Alice's cancel and its push to Bob race Bob's accept: the server refuses the accept either way, and Bob's
        // invitation ends once — by the push (1) when it came first, else by the refusal (100).
        var bobEnd = EndOf(bob);
        await call.CancelAsync();
        var refused = await Assert.ThrowsAsync<LiveException>(() => bob.AcceptCallAsync(invitation.CallId));

        Assert.Equal(("AVSDK", 1802), (refused.Module, refused.Code));
        Assert.Contains((await bobEnd).Code, new[] { LiveCallEndCode.SponsorCancel, LiveCallEndCode.NotExist });
        Assert.Empty(bob.RingingCalls);
    }

    [Fact]
    public async Task LoggingOutWhileAnInvitationRings_EndsItLocallyWithCode102_AndItRingsAgainAtTheNextLogin()
    {
        await using var alice = await Server.LoggedInClientAsync("mdc4_alice");
        await using var bob = await Server.LoggedInClientAsync("mdc4_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("mdc4_bob");
        await ringing;
        var bobEnd = EndOf(bob);

        await bob.LogoutAsync();

        Assert.Equal((call.CallId, LiveCallEndCode.LocalCancel), ((await bobEnd).CallId, (await bobEnd).Code));
        Assert.Empty(bob.RingingCalls);
        Assert.Null(call.EndReason); // the caller still rings: a logout is not a refusal
        var again = Incoming(bob);
        await bob.LoginAsync("mdc4_bob", Server.Sig("mdc4_bob"));
        Assert.Equal(call.CallId, (await again).Invitation.CallId);
        await call.CancelAsync();
    }

    private static async Task<(LiveCall? Call, LiveException? Error)> Outcome(Task<LiveCall> accept)
    {
        try
        {
            return (await accept, null);
        }
        catch (LiveException e)
        {
            return (null, e);
        }
    }
}
