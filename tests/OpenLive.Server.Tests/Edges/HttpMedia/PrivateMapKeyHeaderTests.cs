using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Server.Storage;
using OpenLive.Testing;
using static OpenLive.Server.Tests.Edges.HttpMedia.HttpMediaClient;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>
/// The privateMapKey of a WHIP/WHEP request in the <c>X-OpenLive-PrivateMapKey</c> header: a header is not part of the
/// URL, so it stays out of proxies' and servers' request logs (the <c>?privateMapKey=</c> query still works).
/// </summary>
public sealed class PrivateMapKeyHeaderTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const uint KeyedApp = 1400000921;
    private static readonly string AppKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private TestServer Server => shared.Server;

    private static HttpRequestMessage Publish(uint room, string userId, string? headerKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/whip/{KeyedApp}/{room}/{userId}")
        {
            Content = new StringContent(ServerFixtures.WhipObsOffer, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new UserSigGenerator(KeyedApp, AppKey).GenUserSig(userId));
        if (headerKey is not null)
        {
            request.Headers.Add("X-OpenLive-PrivateMapKey", headerKey);
        }

        return request;
    }

    [Fact]
    public async Task APrivateMapKeyInTheHeader_OpensARoomOfAnAppThatRequiresOne()
    {
        var apps = (IAppStore)Server.Services.GetService(typeof(IAppStore))!;
        apps.TryCreate(KeyedApp, AppKey, "keyed", requirePrivateMapKey: true, out _);
        using var http = new HttpClient { BaseAddress = Server.Url };

        using var without = await http.SendAsync(Publish(75001, "pmk_header_pub", null), TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.Created, without.StatusCode);

        var key = new UserSigGenerator(KeyedApp, AppKey).GenPrivateMapKey("pmk_header_pub", 3600, 75001u, AuthBits.All);
        using var keyed = await http.SendAsync(Publish(75001, "pmk_header_pub", key), TestContext.Current.CancellationToken);
        var (_, location) = await CreatedAsync(keyed, "whip");
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync(location, TestContext.Current.CancellationToken)).StatusCode);
    }
}
