using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// samples/usersig-issuer, built outside the repository against the packed OpenLive.Core only, started as its own
/// process: it issues a userSig to an authenticated app user, and the server accepts it (the SDK logs in with it).
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed partial class UserSigIssuerSampleTests(PackedFeed feed)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Issuer_FromTheFeed_IssuesAUserSig_TheServerAccepts_OnlyToItsSignedInUser()
    {
        var sample = await SampleCopy.BuildFromFeedAsync(feed, "usersig-issuer", "OpenLive.Core");

        await using var server = await TestServer.StartAsync();
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            ["OpenLive__SdkAppId"] = server.AppId.ToString(CultureInfo.InvariantCulture),
            ["OpenLive__SecretKey"] = server.Key,
            [$"SampleTokens__Users__{token}"] = "issuer_alice",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Debug",
        };
        await using var issuer = ProcessRun.Start(sample, environment, Path.Combine(sample, "bin", "Debug", "net10.0", "OpenLiveUserSigIssuer.dll"));
        var url = await ListeningUrlAsync(issuer);

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var cancel = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/usersig", null, cancel)).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "/usersig"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^1] + (token[^1] == '0' ? '1' : '0'));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, cancel)).StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/usersig");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<IssuedSig>(cancel);
        Assert.NotNull(issued);
        Assert.Equal(("issuer_alice", server.AppId), (issued.UserId, issued.SdkAppId));

        // The server accepts the ticket: the SDK logs in with it.
        await using var client = server.NewClient();
        await client.LoginAsync(issued.UserId, issued.UserSig, cancel);

        // The app's secret key is in none of the issuer's output, even at Debug.
        Assert.DoesNotContain(server.Key, issuer.Output, StringComparison.Ordinal);
    }

    private static async Task<Uri> ListeningUrlAsync(ProcessRun issuer)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        issuer.LineWritten += line =>
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        };
        // The line may have come before the handler was attached.
        if (ListeningLine().Match(issuer.Output) is { Success: true } early)
        {
            return new Uri(early.Groups["url"].Value);
        }

        try
        {
            return await listening.Task.WaitAsync(StartDeadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the issuer did not report its address within {StartDeadline.TotalSeconds:0} s; its output:{Environment.NewLine}{issuer.Output}");
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    private sealed record IssuedSig(string UserId, uint SdkAppId, string UserSig, long ExpireSeconds);
}
