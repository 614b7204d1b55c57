using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenLive.Rtc.Sdp;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>A bare WHIP/WHEP client over HttpClient, as a page or OBS would call the server.</summary>
internal sealed class HttpMediaClient(TestServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.Url };

    public uint AppId => server.AppId;

    public Task<HttpResponseMessage> PostAsync(string path, string? userSig, string body, string contentType = "application/sdp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (userSig is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userSig);
        }

        return _http.SendAsync(request);
    }

    /// <summary>WHIP as <paramref name="userId"/> with its own userSig.</summary>
    public Task<HttpResponseMessage> PublishAsync(object roomId, string userId, string offer, string query = "") =>
        PostAsync($"/whip/{AppId}/{roomId}/{userId}{query}", server.Sig(userId), offer);

    /// <summary>WHEP of <paramref name="publisherId"/> as <paramref name="viewerId"/> with its own userSig.</summary>
    public Task<HttpResponseMessage> PlayAsync(object roomId, string publisherId, string viewerId, string offer, string query = "") =>
        PostAsync($"/whep/{AppId}/{roomId}/{publisherId}?user={Uri.EscapeDataString(viewerId)}{query}", server.Sig(viewerId), offer);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/trickle-ice-sdpfrag");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> DeleteAsync(string location) => _http.DeleteAsync(location);

    public void Dispose() => _http.Dispose();

    /// <summary>The JSON error body: (module, code).</summary>
    public static async Task<(string Module, int Code)> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("message").GetString()));
        return (json.RootElement.GetProperty("module").GetString()!, json.RootElement.GetProperty("code").GetInt32());
    }

    /// <summary>Asserts a 201 with an SDP answer, a resource Location and an ETag; returns the parsed answer and the Location.</summary>
    public static async Task<(SessionDescription Answer, string Location)> CreatedAsync(HttpResponseMessage response, string kind)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        var location = response.Headers.Location?.OriginalString;
        Assert.NotNull(location);
        Assert.Matches($"^/{kind}/resource/[0-9a-f]{{32}}$", location);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.True(SessionDescription.TryParse(body, out var answer, out var error), error);
        return (answer, location);
    }
}
