using System.Net;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Server.Tests.Application.Turn;
using OpenLive.Testing;
using static OpenLive.Server.Tests.Edges.HttpMedia.HttpMediaClient;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>
/// WHIP/WHEP answers carry the user's ICE servers as RFC 9725 §4.6 <c>Link</c> headers (exposed to pages by CORS), and
/// only once the userSig checked out: a request without a valid token gets no credential.
/// </summary>
public sealed class IceServerLinkTests(TurnServer turn) : IClassFixture<TurnServer>
{
    private TestServer Server => turn.Server;

    private static string[] Links(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) ? [.. values] : [];

    [Fact]
    public async Task ACreatedWhipAndWhepSession_CarriesStunAndTurnLinks_WithAVerifiableCredential()
    {
        var room = "turn-" + Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpMediaClient(Server);
        using var published = await http.PublishAsync(room, "link_pub", ServerFixtures.WhipObsOffer);
        var (_, location) = await CreatedAsync(published, "whip");
        Assert.Contains("Link", published.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        AssertLinks(Links(published), "link_pub");

        using var played = await http.PlayAsync(room, "link_pub", "link_viewer", BrowserFixtures.WhepRecvOnlyOffer);
        var (_, viewer) = await CreatedAsync(played, "whep");
        AssertLinks(Links(played), "link_viewer"); // the viewer's own credential, not the publisher's

        await http.DeleteAsync(viewer);
        await http.DeleteAsync(location);
    }

    private void AssertLinks(string[] links, string userId)
    {
        Assert.Equal(2, links.Length);
        Assert.Equal($"<{TurnServer.StunUrl}>; rel=\"ice-server\"", links[0]);
        var match = System.Text.RegularExpressions.Regex.Match(links[1],
            "^<(?<url>[^>]+)>; rel=\"ice-server\"; username=\"(?<user>[^\"]+)\"; credential=\"(?<cred>[^\"]+)\"; credential-type=\"password\"$");
        Assert.True(match.Success, links[1]);
        Assert.Equal(TurnServer.TurnUrl, match.Groups["url"].Value);
        Assert.EndsWith(":" + userId, match.Groups["user"].Value, StringComparison.Ordinal);
        Assert.True(turn.Verifies(match.Groups["user"].Value, match.Groups["cred"].Value));
        Assert.DoesNotContain(turn.Secret, string.Join('\n', links), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestWithoutAValidToken_GetsNoLink()
    {
        using var http = new HttpMediaClient(Server);
        var path = $"/whip/{Server.AppId}/turn-refused/link_mallory";

        using var missing = await http.PostAsync(path, null, ServerFixtures.WhipObsOffer);
        using var garbage = await http.PostAsync(path, "not-a-user-sig", ServerFixtures.WhipObsOffer);
        using var otherUser = await http.PostAsync(path, Server.Sig("someone_else"), ServerFixtures.WhipObsOffer);
        using var whep = await http.PostAsync($"/whep/{Server.AppId}/turn-refused/link_pub?user=link_mallory", Server.Sig("someone_else"), ServerFixtures.WhipObsOffer);
        using var preflight = await http.SendAsync(HttpMethod.Options, path);

        foreach (var response in new[] { missing, garbage, otherUser, whep })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Empty(Links(response));
        }

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Empty(Links(preflight));
    }
}
