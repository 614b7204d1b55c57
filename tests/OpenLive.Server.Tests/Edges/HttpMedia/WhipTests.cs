using System.Net;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Sdk;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;
using static OpenLive.Server.Tests.Edges.HttpMedia.HttpMediaClient;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>WHIP (RFC 9725) against the real server: auth as at login, rights as for SDK clients, membership seen by SDK clients.</summary>
public sealed class WhipTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 71000;
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task MissingOrBadUserSig_Is401_WithTheLoginError()
    {
        using var whip = new HttpMediaClient(Server);
        var room = NewRoom();
        var path = $"/whip/{Server.AppId}/{room}/wp_auth";

        using var missing = await whip.PostAsync(path, null, ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(("ILiveSDK", 8021), await ErrorOf(missing));

        using var garbage = await whip.PostAsync(path, "not-a-user-sig", ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal("TLSSDK", (await ErrorOf(garbage)).Module);

        using var otherUser = await whip.PostAsync(path, Server.Sig("someone_else"), ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.Unauthorized, otherUser.StatusCode);
        Assert.Equal("TLSSDK", (await ErrorOf(otherUser)).Module);

        var expired = new UserSigGenerator(Server.AppId, Server.Key, new FixedClock(DateTimeOffset.UtcNow.AddDays(-2))).GenUserSig("wp_auth", 60);
        using var old = await whip.PostAsync(path, expired, ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(("ILiveSDK", 8051), await ErrorOf(old));

        using var unknownApp = await whip.PostAsync($"/whip/1234567/{room}/wp_auth", Server.Sig("wp_auth"), ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.NotFound, unknownApp.StatusCode);
        Assert.Equal(("ILiveSDK", 8022), await ErrorOf(unknownApp));

        using var badUser = await whip.PostAsync($"/whip/{Server.AppId}/{room}/administrator", Server.Sig("administrator"), ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
        Assert.Equal(("ILiveSDK", 8021), await ErrorOf(badUser));
    }

    [Fact]
    public async Task AudienceRole_Is403With10003_AndLeavesNoTrace()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wp_aud_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var whip = new HttpMediaClient(Server);

        using var guest = await whip.PublishAsync(room, "wp_aud_guest", ServerFixtures.WhipObsOffer, "?role=Guest");
        Assert.Equal(HttpStatusCode.Forbidden, guest.StatusCode);
        Assert.Equal(("AVSDK", 10003), await ErrorOf(guest));

        // A privateMapKey without SEND_CAMERA_VIDEO refuses the video as well.
        var key = new UserSigGenerator(Server.AppId, Server.Key).GenPrivateMapKey("wp_aud_key", 3600, room, AuthBits.JoinRoom | AuthBits.SendAudio);
        using var keyed = await whip.PublishAsync(room, "wp_aud_key", ServerFixtures.WhipObsOffer, $"?privateMapKey={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.Forbidden, keyed.StatusCode);
        Assert.Equal(("AVSDK", 10003), await ErrorOf(keyed));

        using var missingRoom = await whip.PublishAsync(NewRoom(), "wp_aud_guest", ServerFixtures.WhipObsOffer, "?role=LiveGuest");
        Assert.Equal(HttpStatusCode.NotFound, missingRoom.StatusCode);
        Assert.Equal(("AVSDK", 10009), await ErrorOf(missingRoom));

        Assert.Equal(["wp_aud_host"], (await live.GetMembersAsync()).Select(m => m.UserId));
    }

    [Fact]
    public async Task PublishingIntoAStrangersRoom_WithoutAPrivateMapKey_Is403With10003_AndLeavesNoTrace()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wp_stranger_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var whip = new HttpMediaClient(Server);

        foreach (var query in new[] { string.Empty, "?role=LiveGuest", "?role=LiveMaster" })
        {
            using var refused = await whip.PublishAsync(room, "wp_stranger", ServerFixtures.WhipObsOffer, query);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(("AVSDK", 10003), await ErrorOf(refused));
        }

        Assert.Equal(["wp_stranger_host"], (await live.GetMembersAsync()).Select(m => m.UserId));

        // The app's privateMapKey with the send bits is the owner's consent given in advance: it is honoured.
        var key = new UserSigGenerator(Server.AppId, Server.Key).GenPrivateMapKey("wp_stranger", 3600, room, AuthBits.CoHost);
        var (_, location) = await CreatedAsync(await whip.PublishAsync(room, "wp_stranger", ServerFixtures.WhipObsOffer, $"?privateMapKey={Uri.EscapeDataString(key)}"), "whip");
        Assert.Equal(AuthBits.CoHost, (await live.GetMemberAsync("wp_stranger")).AuthBits);
        using var deleted = await whip.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    [Fact]
    public async Task BadOffers_Are400With10002_WrongTypeIs415()
    {
        var room = NewRoom();
        using var whip = new HttpMediaClient(Server);
        var path = $"/whip/{Server.AppId}/{room}/wp_bad";

        using var garbage = await whip.PostAsync(path, Server.Sig("wp_bad"), "this is not SDP");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(("AVSDK", 10002), await ErrorOf(garbage));

        using var receiving = await whip.PostAsync(path, Server.Sig("wp_bad"), BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.BadRequest, receiving.StatusCode);
        Assert.Equal(("AVSDK", 10002), await ErrorOf(receiving));

        using var text = await whip.PostAsync(path, Server.Sig("wp_bad"), ServerFixtures.WhipObsOffer, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(("AVSDK", 10002), await ErrorOf(text));

        using var huge = await whip.PostAsync(path, Server.Sig("wp_bad"), ServerFixtures.WhipObsOffer + new string('a', 70 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        using var notBundled = await whip.PostAsync(path, Server.Sig("wp_bad"), ServerFixtures.WhipObsOffer.Replace("a=group:BUNDLE 0 1\n", "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, notBundled.StatusCode);
        Assert.Equal(("AVSDK", 10002), await ErrorOf(notBundled));
    }

    [Fact]
    public async Task ChromiumOffer_Is201WithAnAnswer_AndTheMemberComesAndGoes()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wp_in_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        var joined = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.In);
        using var whip = new HttpMediaClient(Server);

        using var response = await whip.PublishAsync(room, "wp_in_pub", BrowserFixtures.ChromiumOffer, CoHostKey(Server, "wp_in_pub", room));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        var (answer, location) = await CreatedAsync(response, "whip");

        Assert.True(answer.IceLite);
        Assert.Equal(4, answer.Media.Count);
        Assert.Equal(["0", "1", "2"], answer.FindGroup(MediaGroup.Bundle)!.Mids);
        foreach (var section in answer.Media.Take(3))
        {
            Assert.Equal(MediaDirection.ReceiveOnly, section.Direction);
            Assert.NotEmpty(section.Candidates);
            Assert.Equal(DtlsSetup.Passive, section.Setup);
            Assert.Equal("sha-256", Assert.Single(section.Fingerprints).HashFunction);
            Assert.NotNull(section.IceUfrag);
        }

        Assert.Equal(0, answer.Media[3].Port); // The data channel is not taken.
        Assert.Equal(["q", "h", "f"], answer.Media[1].Rids.Select(r => r.Id));

        var seen = Assert.Single((await joined).Members);
        Assert.Equal(("wp_in_pub", "LiveGuest", AuthBits.CoHost), (seen.UserId, seen.ControlRole, seen.AuthBits)); // The room existed: a co-host, with the key's bits.

        var left = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        using var deleted = await whip.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("wp_in_pub", Assert.Single((await left).Members).UserId);

        using var again = await whip.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(("ILiveSDK", 8022), await ErrorOf(again));
    }

    [Fact]
    public async Task PublisherCreatesAStringRoom_AndDeletingItDismissesIt()
    {
        var room = "whip-" + Guid.NewGuid().ToString("N")[..8];
        using var whip = new HttpMediaClient(Server);
        var (_, location) = await CreatedAsync(await whip.PublishAsync(room, "wp_owner", ServerFixtures.WhipObsOffer), "whip");

        await using var viewer = await Server.LoggedInClientAsync("wp_owner_viewer");
        var live = await viewer.JoinRoomAsync(LiveRoomId.FromString(room), LiveRoomOptions.Audience());
        Assert.Equal("wp_owner", live.OwnerUserId);
        var owner = live.Members.Single(m => m.UserId == "wp_owner");
        Assert.Equal(("LiveMaster", AuthBits.All), (owner.ControlRole, owner.AuthBits));

        var ended = Events.Next<RoomEndedEventArgs>(h => live.Ended += h);
        using var deleted = await whip.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await ended;
    }

    [Fact]
    public async Task KickedOrReplacedPublisher_EndsItsResource()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wp_kick_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var whip = new HttpMediaClient(Server);

        var (_, kickedLocation) = await CreatedAsync(await whip.PublishAsync(room, "wp_kicked", ServerFixtures.WhipObsOffer, CoHostKey(Server, "wp_kicked", room)), "whip");
        await live.KickAsync("wp_kicked", "enough");
        await WaitUntilGoneAsync(whip, kickedLocation);

        // The same user logging in with the SDK takes over: the WHIP member is forced offline and leaves.
        var (_, replacedLocation) = await CreatedAsync(await whip.PublishAsync(room, "wp_replaced", ServerFixtures.WhipObsOffer, CoHostKey(Server, "wp_replaced", room)), "whip");
        var left = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "wp_replaced");
        await using var sdk = await Server.LoggedInClientAsync("wp_replaced");
        await left;
        await WaitUntilGoneAsync(whip, replacedLocation);
    }

    [Fact]
    public async Task ASecondPost_ReplacesTheFirstResource()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wp_again_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        var events = new List<MemberEventId>();
        live.MemberEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e.EventId);
            }
        };
        using var whip = new HttpMediaClient(Server);

        var (_, first) = await CreatedAsync(await whip.PublishAsync(room, "wp_again", ServerFixtures.WhipObsOffer, CoHostKey(Server, "wp_again", room)), "whip");
        var (_, second) = await CreatedAsync(await whip.PublishAsync(room, "wp_again", ServerFixtures.WhipObsOffer, CoHostKey(Server, "wp_again", room)), "whip");
        await WaitUntilGoneAsync(whip, first);
        Assert.Equal(["wp_again", "wp_again_host"], (await live.GetMembersAsync()).Select(m => m.UserId).Order(StringComparer.Ordinal));

        var left = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        using var deleted = await whip.DeleteAsync(second);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await left;
        lock (events)
        {
            Assert.Equal([MemberEventId.In, MemberEventId.Out], events); // one stay, as the others see it
        }
    }

    [Fact]
    public async Task Options_Cors_AndOtherMethods()
    {
        using var whip = new HttpMediaClient(Server);
        var endpoint = $"/whip/{Server.AppId}/1/wp_options";

        using var preflight = await whip.SendAsync(HttpMethod.Options, endpoint);
        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal("application/sdp", preflight.Headers.GetValues("Accept-Post").Single());
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Authorization", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);

        using var resource = await whip.SendAsync(HttpMethod.Options, "/whip/resource/0123");
        Assert.Equal(HttpStatusCode.OK, resource.StatusCode);
        Assert.Equal("application/trickle-ice-sdpfrag", resource.Headers.GetValues("Accept-Patch").Single());
        Assert.Contains("DELETE", resource.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        using var get = await whip.SendAsync(HttpMethod.Get, endpoint);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(["OPTIONS", "POST"], get.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(("ILiveSDK", 8023), await ErrorOf(get));

        using var put = await whip.SendAsync(HttpMethod.Put, "/whip/resource/0123");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal("*", put.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Patch_TrickleIs204_RestartIs422_AndTheRestIsChecked()
    {
        var room = NewRoom();
        using var whip = new HttpMediaClient(Server);
        using var response = await whip.PublishAsync(room, "wp_patch", ServerFixtures.WhipObsOffer);
        var (_, location) = await CreatedAsync(response, "whip");
        var etag = response.Headers.ETag!.ToString();
        const string Candidate = "a=candidate:1 1 udp 2122260223 192.0.2.1 61764 typ host\r\n";

        using var trickle = await whip.SendAsync(HttpMethod.Patch, location, "a=ice-ufrag:R1Iq\r\na=ice-pwd:fEouHgxzNNAL5wIScGebcy8F\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n" + Candidate, ifMatch: etag);
        Assert.Equal(HttpStatusCode.NoContent, trickle.StatusCode);
        Assert.Null(trickle.Headers.ETag);

        using var bare = await whip.SendAsync(HttpMethod.Patch, location, Candidate + "a=end-of-candidates\r\n");
        Assert.Equal(HttpStatusCode.NoContent, bare.StatusCode);

        using var restart = await whip.SendAsync(HttpMethod.Patch, location, "a=ice-ufrag:Zx9q\r\na=ice-pwd:0123456789abcdefghijklmn\r\n" + Candidate, ifMatch: "*");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, restart.StatusCode);
        Assert.Equal(("ILiveSDK", 8023), await ErrorOf(restart));

        using var stale = await whip.SendAsync(HttpMethod.Patch, location, Candidate, ifMatch: "\"0000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var wrongType = await whip.SendAsync(HttpMethod.Patch, location, Candidate, "application/sdp");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        using var malformed = await whip.SendAsync(HttpMethod.Patch, location, "garbage without an equals sign");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var huge = await whip.SendAsync(HttpMethod.Patch, location, string.Concat(Enumerable.Repeat(Candidate, 400)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        using var unknown = await whip.SendAsync(HttpMethod.Patch, "/whip/resource/00000000000000000000000000000000", Candidate);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var wrongKind = await whip.DeleteAsync(location.Replace("/whip/", "/whep/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, wrongKind.StatusCode);
        using var deleted = await whip.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    /// <summary>
    /// The query of a WHIP publisher joining <paramref name="room"/>, which someone else owns: the app's privateMapKey with
    /// a co-host's bits (without one the room refuses a stranger's send bits: 403/10003).
    /// </summary>
    internal static string CoHostKey(TestServer server, string userId, uint room) =>
        "?privateMapKey=" + Uri.EscapeDataString(new UserSigGenerator(server.AppId, server.Key).GenPrivateMapKey(userId, 3600, room, AuthBits.CoHost));

    /// <summary>The resource ends asynchronously (the grains tell it): DELETE answers 404 once it has.</summary>
    internal static async Task WaitUntilGoneAsync(HttpMediaClient client, string location)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (true)
        {
            using var probe = await client.SendAsync(HttpMethod.Patch, location, "a=end-of-candidates\r\n");
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{location} still exists");
            await Task.Delay(50);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
