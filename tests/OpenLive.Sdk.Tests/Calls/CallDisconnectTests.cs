using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// Calls when connections go: a participant whose connection does not come back within the resume window ends a
/// one-to-one call with code 6 (the server reclaims it), a sponsor lost while ringing ends it for the invitees with 6,
/// a server restart ends every ring with 6 and leaves nothing behind, and a flood of call requests gets 8011.
/// </summary>
public sealed class CallDisconnectTests
{
    private static Task<LiveCallEndedEventArgs> EndOf(LiveClient client) => Events.Next<LiveCallEndedEventArgs>(h => client.CallEnded += h);

    [Fact]
    public async Task AParticipantLostBeyondTheResumeWindow_EndsTheCallWithCode6()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:ResumeWindow=00:00:01");
        await using var alice = await server.LoggedInClientAsync("cd1_alice");
        await using var bob = server.NewClient(o => o.AutoReconnect = false);
        await bob.LoginAsync("cd1_bob", server.Sig("cd1_bob"));
        var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
        var call = await alice.MakeCallAsync("cd1_bob");
        var bobCall = await bob.AcceptCallAsync((await ringing).Invitation.CallId);
        var aliceEnd = EndOf(alice);
        var bobEnd = EndOf(bob);

        bob.SimulateNetworkLoss();

        var end = await aliceEnd;
        Assert.Equal((call.CallId, LiveCallEndCode.Disconnect, "cd1_bob"), (end.CallId, end.Code, end.ByUserId));
        Assert.Equal(LiveCallEndCode.Disconnect, (await bobEnd).Code); // bob's SDK ends it too: its session is gone
        Assert.Equal(LiveCallEndCode.Disconnect, bobCall.EndReason!.Code);
        Assert.Null(alice.CurrentRoom);
    }

    [Fact]
    public async Task ASponsorLostWhileRinging_EndsTheInvitationWithCode6_AndTheInviteeIsFreeAgain()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:ResumeWindow=00:00:01");
        await using var alice = server.NewClient(o => o.AutoReconnect = false);
        await alice.LoginAsync("cd2_alice", server.Sig("cd2_alice"));
        await using var bob = await server.LoggedInClientAsync("cd2_bob");
        await using var carol = await server.LoggedInClientAsync("cd2_carol");
        var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
        await alice.MakeCallAsync("cd2_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(60) });
        var callId = (await ringing).Invitation.CallId;
        var bobEnd = EndOf(bob);

        alice.SimulateNetworkLoss();

        var end = await bobEnd;
        Assert.Equal((callId, LiveCallEndCode.Disconnect), (end.CallId, end.Code));
        Assert.Empty(bob.RingingCalls);
        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => bob.AcceptCallAsync(callId))));

        // Nothing stuck: bob can be called again and answer.
        var again = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
        var call = await carol.MakeCallAsync("cd2_bob");
        await bob.AcceptCallAsync((await again).Invitation.CallId);
        await call.HangUpAsync();
    }

    [Fact]
    public async Task AServerRestartWhileRinging_EndsTheRingsWithCode6_AndLeavesNothingBehind()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-call-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            ulong callId;
            using (var server = await ServerProcess.StartAsync(data))
            {
                var sigs = new UserSigGenerator(server.AppId, server.Key);
                await using var alice = new LiveClient(new LiveClientOptions { ServerUrl = server.Url, SdkAppId = server.AppId, AutoReconnect = false });
                await using var bob = new LiveClient(new LiveClientOptions { ServerUrl = server.Url, SdkAppId = server.AppId, AutoReconnect = false });
                await alice.LoginAsync("cd3_alice", sigs.GenUserSig("cd3_alice"));
                await bob.LoginAsync("cd3_bob", sigs.GenUserSig("cd3_bob"));
                var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
                await alice.MakeCallAsync("cd3_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(60) });
                callId = (await ringing).Invitation.CallId;
                var aliceEnd = EndOf(alice);
                var bobEnd = EndOf(bob);

                server.Kill();

                Assert.Equal(LiveCallEndCode.Disconnect, (await aliceEnd).Code);
                Assert.Equal((callId, LiveCallEndCode.Disconnect), ((await bobEnd).CallId, (await bobEnd).Code));
            }

            using var restarted = await ServerProcess.StartAsync(data);
            var sigs2 = new UserSigGenerator(restarted.AppId, restarted.Key);
            await using var bobAgain = new LiveClient(new LiveClientOptions { ServerUrl = restarted.Url, SdkAppId = restarted.AppId });
            await using var aliceAgain = new LiveClient(new LiveClientOptions { ServerUrl = restarted.Url, SdkAppId = restarted.AppId });
            await bobAgain.LoginAsync("cd3_bob", sigs2.GenUserSig("cd3_bob"));
            await aliceAgain.LoginAsync("cd3_alice", sigs2.GenUserSig("cd3_alice"));
            Assert.Empty(bobAgain.RingingCalls);
            Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => bobAgain.AcceptCallAsync(callId))));

            // Neither is left busy: a new call goes through.
            var ringingAgain = Events.Next<IncomingCallEventArgs>(h => bobAgain.IncomingCall += h);
            var call = await aliceAgain.MakeCallAsync("cd3_bob");
            await bobAgain.AcceptCallAsync((await ringingAgain).Invitation.CallId);
            await call.HangUpAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task InvitationsFloodingAUser_AreCutOffWith8011()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:Calls:MaxRequestsPerSecond=2");
        await using var alice = await server.LoggedInClientAsync("cd4_alice");
        await using var bob = await server.LoggedInClientAsync("cd4_bob");

        LiveException? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                var call = await alice.MakeCallAsync("cd4_bob");
                await call.CancelAsync();
            }
            catch (LiveException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(("ILiveSDK", 8011), Codes(refused));
    }

    [Fact]
    public async Task ManyCallersFloodingOneUser_FindItBusyBeyondTheRingingCap()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:Calls:MaxRingingPerUser=3");
        await using var bob = await server.LoggedInClientAsync("cd5_bob");
        var callers = new List<LiveClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                callers.Add(await server.LoggedInClientAsync($"cd5_caller{i}"));
            }

            var busy = EndOf(callers[3]);
            for (var i = 0; i < 3; i++)
            {
                await callers[i].MakeCallAsync("cd5_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(60) });
            }

            await LoginTests.WaitUntil(() => bob.RingingCalls.Count == 3);
            var fourth = await callers[3].MakeCallAsync("cd5_bob");

            var end = await busy;
            Assert.Equal((fourth.CallId, LiveCallEndCode.ResponderLineBusy), (end.CallId, end.Code));
            Assert.Equal(3, bob.RingingCalls.Count);

            // A slot frees when an invitation stops ringing: the next call rings again.
            await callers[0].CurrentCall!.CancelAsync();
            await LoginTests.WaitUntil(() => bob.RingingCalls.Count == 2);
            var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
            var again = await callers[3].MakeCallAsync("cd5_bob");
            Assert.Equal(again.CallId, (await ringing).Invitation.CallId);
        }
        finally
        {
            foreach (var caller in callers)
            {
                await caller.DisposeAsync();
            }
        }
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}
