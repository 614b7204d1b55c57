using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Sdk;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// Kestrel's own HTTPS (browsers give the camera only to secure origins): a PEM pair or a PFX, the SDK over wss, the
/// redirect and HSTS only when asked, and a certificate that cannot serve stops the start with a message saying why.
/// </summary>
public sealed class HttpsTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private static string NewData() => Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>An HTTP client that accepts exactly the test's certificate.</summary>
    private static HttpClient PinnedClient(TestTlsFiles tls) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == tls.Certificate.GetCertHashString() },
    });

    private static IReadOnlyList<Uri> Addresses(TestServer server) =>
        [.. server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];

    /// <summary>The certificate's SHA-256 fingerprint as the banner prints it ("3F:A2:…").</summary>
    private static string Fingerprint(TestTlsFiles tls) =>
        string.Join(':', tls.Certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    [Fact]
    public async Task PemPair_ServesHttps_AndTheSdkLogsInOverWss_PinningTheSelfSignedCertificate()
    {
        using var tls = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath);
        Assert.Equal("https", server.Url.Scheme);

        // Lower case without colons is the same fingerprint: people paste it either way.
        await using var client = server.NewClient(options => options.ServerCertificateSha256 = ["00:" + new string('0', 62), Fingerprint(tls).Replace(":", "", StringComparison.Ordinal).ToLowerInvariant()]);
        await client.LoginAsync("wss_user", server.Sig("wss_user"), Cancel);
        Assert.Equal("wss_user", client.UserId);
    }

    [Fact]
    public async Task TheSdk_RefusesACertificateNotPinned_With8012_NamingItsFingerprint()
    {
        using var tls = new TestTlsFiles();
        using var other = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath);

        await using var client = server.NewClient(options => options.ServerCertificateSha256 = [Fingerprint(other)]);
        var failure = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("wss_user", server.Sig("wss_user"), Cancel));

        Assert.True(failure.Is(ILiveErrorCode.NetUndefine), failure.ToString());
        Assert.Contains($"the server's certificate (SHA-256 {Fingerprint(tls)}) is not one of options.ServerCertificateSha256", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSdk_WithoutPins_ValidatesAsThePlatformDoes_AndRefusesTheSelfSignedCertificate()
    {
        using var tls = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath);

        await using var client = server.NewClient();
        var failure = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("wss_user", server.Sig("wss_user"), Cancel));

        Assert.True(failure.Is(ILiveErrorCode.NetUndefine), failure.ToString());
        Assert.DoesNotContain("ServerCertificateSha256", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3F:A2")]
    [InlineData("not a fingerprint")]
    public void AFingerprintThatIsNotSha256_FailsTheClientsCreation_With8021(string fingerprint)
    {
        var failure = Assert.Throws<LiveException>(() => new LiveClient(new LiveClientOptions
        {
            ServerUrl = new Uri("https://127.0.0.1:1"),
            SdkAppId = 1,
            ServerCertificateSha256 = [fingerprint],
        }));
        Assert.True(failure.Is(ILiveErrorCode.InvalidParam), failure.ToString());
        Assert.Contains("options.ServerCertificateSha256[0]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pfx_WithItsPasswordFromAFile_ServesHttps()
    {
        using var tls = new TestTlsFiles();
        var passwordFile = Path.Combine(tls.Directory, "pfx-password");
        await File.WriteAllTextAsync(passwordFile, TestTlsFiles.PfxPassword + "\n", Cancel);
        await using var server = await TestServer.StartAsync(null, "--urls", "https://127.0.0.1:0", "--https-pfx", tls.PfxPath, "--https-pfx-password-file", passwordFile);
        using var http = PinnedClient(tls);
        using var response = await http.GetAsync(new Uri(server.Url, "/healthz"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps_WhenAsked_ButHealthzStays()
    {
        using var tls = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, "--urls", "http://127.0.0.1:0;https://127.0.0.1:0",
            "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath, "--https-redirect");
        var plain = Addresses(server).Single(a => a.Scheme == "http");
        var secure = Addresses(server).Single(a => a.Scheme == "https");
        using var http = PinnedClient(tls);

        using var redirected = await http.GetAsync(new Uri(plain, "/admin.html?x=1"), Cancel);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal(new Uri(secure, "/admin.html?x=1"), redirected.Headers.Location);

        using var health = await http.GetAsync(new Uri(plain, "/healthz"), Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_IsServed_WhenNoRedirectIsAsked()
    {
        using var tls = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, "--urls", "http://127.0.0.1:0;https://127.0.0.1:0",
            "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath);
        using var http = PinnedClient(tls);
        using var response = await http.GetAsync(new Uri(Addresses(server).Single(a => a.Scheme == "http"), "/healthz"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hsts_IsSentOnlyWhenAsked(bool asked)
    {
        using var tls = new TestTlsFiles();
        await using var server = await TestServer.StartAsync(null, [
            "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath, .. asked ? new[] { "--https-hsts" } : []]);
        using var http = PinnedClient(tls);
        // HSTS is never sent for localhost names (a developer's machine); a real host name gets it.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/healthz"));
        request.Headers.Host = "live.example.test";
        using var response = await http.SendAsync(request, Cancel);
        Assert.Equal(asked, response.Headers.Contains("Strict-Transport-Security"));
        if (asked)
        {
            Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AKeyNotMatchingTheCertificate_StopsTheStart_SayingSo()
    {
        using var tls = new TestTlsFiles();
        using var other = new TestTlsFiles();
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(
            ["--data", NewData(), "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", other.KeyPath]));
        Assert.Contains($"--https-key {other.KeyPath} does not match the certificate in {tls.CertificatePath}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCertificateFile_StopsTheStart_NamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "openlive-no-such-" + Guid.NewGuid().ToString("N") + ".pem");
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(
            ["--data", NewData(), "--urls", "https://127.0.0.1:0", "--https-cert", missing, "--https-key", missing]));
        Assert.Contains($"--https-cert {missing}: no such file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnHttpsUrlWithoutACertificate_StopsTheStart_SayingWhatToGive()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(["--data", NewData(), "--urls", "https://127.0.0.1:0"]));
        Assert.Contains("needs a certificate: --https-cert", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APfxWithAWrongPassword_StopsTheStart_SayingSo()
    {
        using var tls = new TestTlsFiles();
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(
            ["--data", NewData(), "--urls", "https://127.0.0.1:0", "--https-pfx", tls.PfxPath, "--OpenLive:Https:PfxPassword=wrong"]));
        Assert.Contains("wrong or missing password", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRedirectWithoutAnHttpsUrl_StopsTheStart()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(["--data", NewData(), "--https-redirect"]));
        Assert.Contains("--https-redirect needs an https:// URL", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredCertificate_StartsWithAWarning()
    {
        using var tls = new TestTlsFiles(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartWithServicesAsync(services => services.AddSingleton<ILoggerProvider>(logs),
            "--urls", "https://127.0.0.1:0", "--https-cert", tls.CertificatePath, "--https-key", tls.KeyPath);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("HTTPS certificate CN=openlive.test is expired", StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE KEY", logs.Text, StringComparison.Ordinal);
    }
}
