using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Server.Edges.Admin;
using OpenLive.Server.Edges.Recordings;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Edges.Recordings;

public sealed class RecordingLinksTests
{
    private const string FileId = "1400000000/123456/alice/20261205-170000-42.webm";

    private static (RecordingLinks Links, FakeTimeProvider Clock) Create(string adminKey = "an-admin-key-that-is-long-enough-0123456789")
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new ServerOptions { AdminKey = adminKey, DataDirectory = Path.GetTempPath() });
        return (new RecordingLinks(new AdminKey(options), clock), clock);
    }

    private static (string FileId, string? Expires, string? Sig) Parse(string link)
    {
        var uri = new Uri(new Uri("http://server"), link);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var fileId = string.Join('/', uri.AbsolutePath["/recordings/".Length..].Split('/').Select(Uri.UnescapeDataString));
        return (fileId, query["expires"], query["sig"]);
    }

    [Fact]
    public void ALink_IsAccepted_ForItsFile_UntilItExpires()
    {
        var (links, clock) = Create();
        var (fileId, expires, sig) = Parse(links.Create(FileId, clock.GetUtcNow().AddMinutes(10)));
        Assert.Equal(FileId, fileId);
        Assert.True(links.Accepts(fileId, expires, sig));

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(links.Accepts(fileId, expires, sig));
    }

    [Fact]
    public void ALink_IsRefused_ForAnotherFile_AnotherTime_OrATamperedSignature()
    {
        var (links, clock) = Create();
        var (fileId, expires, sig) = Parse(links.Create(FileId, clock.GetUtcNow().AddMinutes(10)));

        Assert.False(links.Accepts(fileId.Replace("alice", "bob", StringComparison.Ordinal), expires, sig));
        Assert.False(links.Accepts(fileId, (long.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), sig));
        var tampered = (sig![0] == 'A' ? 'B' : 'A') + sig[1..];
        Assert.False(links.Accepts(fileId, expires, tampered));
        Assert.False(links.Accepts(fileId, expires, null));
        Assert.False(links.Accepts(fileId, null, sig));
        Assert.False(links.Accepts(fileId, "-1", sig));
        Assert.False(links.Accepts(fileId, "99999999999999999999999", sig));
        Assert.False(links.Accepts(fileId, expires, sig + "A"));
        Assert.False(links.Accepts(fileId, expires, new string('!', sig.Length)));
    }

    [Fact]
    public void Links_DependOnTheAdminKey_SoRotatingItRevokesThem()
    {
        var (first, clock) = Create();
        var (second, _) = Create("another-admin-key-that-is-long-enough-987654");
        var (fileId, expires, sig) = Parse(first.Create(FileId, clock.GetUtcNow().AddMinutes(10)));
        Assert.False(second.Accepts(fileId, expires, sig));

        // The same key on another node (or after a restart) accepts it.
        var (again, _) = Create();
        Assert.True(again.Accepts(fileId, expires, sig));
    }
}
