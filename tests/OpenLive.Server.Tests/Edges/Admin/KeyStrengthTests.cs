using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Admin;

/// <summary>
/// Keys are at least 32 bytes of entropy: generated ones are 32 random bytes (64 hex characters); configured ones (the
/// admin key, an app key given to the admin API) must be at least 32 characters and not a repetition of a few.
/// </summary>
public sealed class KeyStrengthTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef0123456789abcde")] // 31 characters
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("abababababababababababababababababababab")]
    public async Task AWeakConfiguredAdminKey_StopsTheStart_WithAClearMessage(string key)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, "--admin-key", key));
        Assert.Contains("AdminKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("32", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStrongConfiguredAdminKey_IsUsed()
    {
        const string Key = "k3Y-for+the/admin_API.of-this~node:2026/Q7#xZ";
        await using var server = await TestServer.StartAsync(null, "--admin-key", Key);
        Assert.Equal(Key, server.AdminKey);
    }

    [Fact]
    public async Task AWeakAdminKeyFile_StopsTheStart()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "admin-key"), "admin\n", TestContext.Current.CancellationToken);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, "--data", data));
        Assert.Contains("admin-key", failure.Message, StringComparison.Ordinal);
        Assert.Contains("32", failure.Message, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void TheGeneratedAdminKey_Is32RandomBytes() =>
        Assert.Matches("^[0-9a-f]{64}$", shared.Server.AdminKey);

    [Theory]
    [InlineData("x")]
    [InlineData("my-app-key")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task AWeakAppKey_IsRefusedByTheAdminApi_With8021(string key)
    {
        using var http = new HttpClient { BaseAddress = shared.Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.Server.AdminKey);
        using var response = await http.PostAsync("/admin/v1/apps",
            new StringContent(JsonSerializer.Serialize(new { key }), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ILiveSDK", body.RootElement.GetProperty("module").GetString());
        Assert.Equal(8021, body.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("32", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
