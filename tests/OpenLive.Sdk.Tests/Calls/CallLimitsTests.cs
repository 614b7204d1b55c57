using OpenLive.Core.Errors;
using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// A call's size is capped by <c>OpenLive:Calls:MaxInvitees</c> (here raised to 100): 100 invitees ring, a 101st — at
/// making the call or added during it — gets 8021 with the option named. An invitation rings 30 s when the caller does
/// not say (CallSDK's default), told to the invitee as its ring deadline.
/// </summary>
public sealed class CallLimitsTests
{
    private static (string Module, int Code) Codes(LiveException e) => (e.Module, e.Code);

    [Fact]
    public async Task AHundredInvitees_Ring_AndOneMore_Gets8021_AtMakingOrAdding()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:Calls:MaxInvitees=100");
        var invitees = Enumerable.Range(0, 101).Select(i => $"cl1_user_{i}").ToArray();
        foreach (var userId in invitees)
        {
            // Users the app has seen (a call to a user who never logged in is 1801); they are offline when called.
            await using var once = await server.LoggedInClientAsync(userId);
        }

        await using var alice = await server.LoggedInClientAsync("cl1_alice");

        var tooMany = await Assert.ThrowsAsync<LiveException>(() => alice.MakeGroupCallAsync(invitees));
        Assert.Equal(("ILiveSDK", 8021), Codes(tooMany));
        Assert.Contains("OpenLive:Calls:MaxInvitees", tooMany.Detail, StringComparison.Ordinal);
        Assert.Contains("101", tooMany.Detail, StringComparison.Ordinal);

        var call = await alice.MakeGroupCallAsync(invitees[..100]);
        Assert.Equal(101, call.Members.Count);
        Assert.Equal(100, call.Members.Count(member => member.State == LiveCallMemberState.Ringing));

        var added = await Assert.ThrowsAsync<LiveException>(() => call.InviteAsync([invitees[100]]));
        Assert.Equal(("ILiveSDK", 8021), Codes(added));
        Assert.Contains("OpenLive:Calls:MaxInvitees", added.Detail, StringComparison.Ordinal);

        // One of the hundred, offline when called, finds the invitation ringing at its next login.
        await using var late = await server.LoggedInClientAsync(invitees[42]);
        Assert.Contains(late.RingingCalls, invitation => invitation.CallId == call.CallId);
        await call.CancelAsync();
    }

    [Fact]
    public async Task WithoutARingTime_AnInvitationRings30Seconds()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.LoggedInClientAsync("cl2_alice");
        await using var bob = await server.LoggedInClientAsync("cl2_bob");
        var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);

        var before = DateTimeOffset.UtcNow;
        var call = await alice.MakeCallAsync("cl2_bob");
        var invitation = (await ringing).Invitation;
        var after = DateTimeOffset.UtcNow;

        Assert.InRange(invitation.RingUntil, before.AddSeconds(30).AddSeconds(-1), after.AddSeconds(30).AddSeconds(1));
        await call.CancelAsync();
    }
}
