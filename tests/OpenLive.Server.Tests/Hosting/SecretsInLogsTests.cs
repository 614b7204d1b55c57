using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Server.Tests.Edges.HttpMedia;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// No secret in any log line: app keys, the admin key, userSigs, privateMapKeys and WHIP/WHEP resource ids (the
/// capability to DELETE a session) — even with OpenLive at Debug and the frameworks turned up to Information.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task LoginWhipWhepAndAdminFlows_WriteNoSecretToTheLogs()
    {
        var logs = new CapturedLogs();
        var secrets = new List<(string What, string Value)>();
        await using (var server = await TestServer.StartWithServicesAsync(
            services => services.AddSingleton<ILoggerProvider>(logs),
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Information", "--Logging:LogLevel:System=Information"))
        {
            secrets.Add(("the dev app's key", server.Key));
            secrets.Add(("the admin key", server.AdminKey));
            var ct = TestContext.Current.CancellationToken;

            // Login over signaling, and a refused one.
            var sig = server.Sig("log_user");
            secrets.Add(("a userSig", sig));
            await using (var client = server.NewClient())
            {
                await client.LoginAsync("log_user", sig);
            }

            var wrongSig = new UserSigGenerator(server.AppId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).GenUserSig("log_wrong");
            secrets.Add(("a refused userSig", wrongSig));
            await using (var refused = server.NewClient())
            {
                await Assert.ThrowsAnyAsync<Exception>(() => refused.LoginAsync("log_wrong", wrongSig));
            }

            // WHIP with the privateMapKey in the query (the old way), WHEP with it in the header, both deleted.
            using var whip = new HttpMediaClient(server);
            const uint Room = 76001;
            var pmk = new UserSigGenerator(server.AppId, server.Key).GenPrivateMapKey("log_pub", 3600, Room, AuthBits.All);
            secrets.Add(("a privateMapKey", pmk));
            secrets.Add(("a WHIP userSig", server.Sig("log_pub")));
            var (_, published) = await HttpMediaClient.CreatedAsync(
                await whip.PublishAsync(Room, "log_pub", ServerFixtures.WhipObsOffer, $"?privateMapKey={Uri.EscapeDataString(pmk)}"), "whip");
            secrets.Add(("a WHIP resource id", published[(published.LastIndexOf('/') + 1)..]));

            var viewerKey = new UserSigGenerator(server.AppId, server.Key).GenPrivateMapKey("log_viewer", 3600, Room, AuthBits.Audience);
            secrets.Add(("a WHEP privateMapKey", viewerKey));
            using var http = new HttpClient { BaseAddress = server.Url };
            using var play = new HttpRequestMessage(HttpMethod.Post, $"/whep/{server.AppId}/{Room}/log_pub?user=log_viewer")
            {
                Content = new StringContent(BrowserFixtures.WhepRecvOnlyOffer, Encoding.UTF8),
            };
            play.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            play.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Sig("log_viewer"));
            play.Headers.Add("X-OpenLive-PrivateMapKey", viewerKey);
            var (_, played) = await HttpMediaClient.CreatedAsync(await http.SendAsync(play, ct), "whep");
            secrets.Add(("a WHEP resource id", played[(played.LastIndexOf('/') + 1)..]));

            // A refused WHIP: a privateMapKey of another room.
            var otherRoomKey = new UserSigGenerator(server.AppId, server.Key).GenPrivateMapKey("log_pub2", 3600, 99999u, AuthBits.All);
            secrets.Add(("a refused privateMapKey", otherRoomKey));
            using (var refusedWhip = await whip.PublishAsync(Room + 1, "log_pub2", ServerFixtures.WhipObsOffer, $"?privateMapKey={Uri.EscapeDataString(otherRoomKey)}"))
            {
                Assert.NotEqual(HttpStatusCode.Created, refusedWhip.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await whip.DeleteAsync(played)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await whip.DeleteAsync(published)).StatusCode);

            // The admin API: a refused key, the app list, a new app with its own key; the metrics.
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong" + server.AdminKey[5..]);
            secrets.Add(("a wrong admin key", "wrong" + server.AdminKey[5..]));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/admin/v1/apps", ct)).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/admin/v1/apps", ct)).StatusCode);
            var appKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            secrets.Add(("a new app's key", appKey));
            using var created = await http.PostAsync("/admin/v1/apps",
                new StringContent($"{{\"sdkAppId\":1400000931,\"key\":\"{appKey}\"}}", Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/admin/v1/apps/1400000931", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics", ct)).StatusCode);
        }

        var text = logs.Text;
        Assert.Contains("logged in", text, StringComparison.Ordinal); // the capture saw the server's logs
        foreach (var (what, value) in secrets)
        {
            foreach (var form in new[] { value, Uri.EscapeDataString(value) }.Distinct())
            {
                var line = logs.Lines.FirstOrDefault(l => l.Contains(form, StringComparison.Ordinal));
                Assert.True(line is null, $"{what} is in a log line: {line}");
            }
        }
    }
}
