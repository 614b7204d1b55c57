using System.Globalization;
using System.Text.Json;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests.Commands;

/// <summary><c>openlive load</c> against a running server: the members' JSON lines, a clean stop on SIGTERM, and its refusals.</summary>
public sealed class LoadCommandTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private TestServer Server => shared.Server;

    private string AppId => Server.AppId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task HostCoHostAndViewers_ReceiveBothPublishers_AndEveryonesChat_AndSigtermEndsItCleanly()
    {
        var url = Server.Url.ToString();
        using var load = LoadProcess.Start(
            Server.Key,
            "load", "--app-id", AppId, "--room", "4201", "--user-prefix", "lt1",
            "--member", $"host@{url}", "--member", $"cohost@{url}", "--member", $"viewer*3@{url}",
            "--chat-interval", "300ms", "--report-interval", "200ms");
        string[] viewers = ["lt1_viewer1", "lt1_viewer2", "lt1_viewer3"];
        string[] everyone = ["lt1_host", "lt1_cohost1", .. viewers];

        // Every viewer receives video from both publishers, and the host and co-host receive each other.
        await load.WaitUntilAsync(
            lines => viewers.All(v => ReceivesCamera(lines, v, "lt1_host") && ReceivesCamera(lines, v, "lt1_cohost1"))
                && ReceivesCamera(lines, "lt1_host", "lt1_cohost1") && ReceivesCamera(lines, "lt1_cohost1", "lt1_host"),
            Generous,
            "video from both publishers at every member");

        // Every member's first two messages were acknowledged, and every other member received them.
        await load.WaitUntilAsync(
            lines => everyone.All(sender => Enumerable.Range(1, 2).All(seq =>
                lines.Any(l => Is(l, "sent", sender) && l.GetProperty("seq").GetInt64() == seq && l.GetProperty("acked").GetBoolean())
                && everyone.Where(r => r != sender).All(receiver => lines.Any(l =>
                    Is(l, "chat", receiver) && l.GetProperty("from").GetString() == sender && l.GetProperty("text").GetString() == $"{sender}#{seq}")))),
            Generous,
            "two acknowledged messages from every member, received by all the others");

        Assert.Equal(0, await load.TerminateAsync(Generous));
        var lines = load.Lines;
        Assert.Empty(load.NotJson);
        Assert.All(lines, l => Assert.True(l.GetProperty("t").GetInt64() > 1_700_000_000_000, l.ToString()));

        var members = lines.Where(l => l.GetProperty("event").GetString() == "member").ToList();
        Assert.Equal(
            [("lt1_cohost1", "cohost"), ("lt1_host", "host"), ("lt1_viewer1", "viewer"), ("lt1_viewer2", "viewer"), ("lt1_viewer3", "viewer")],
            members.Select(m => (m.GetProperty("user").GetString(), m.GetProperty("role").GetString())).Order());
        Assert.All(members, m => Assert.Equal(("joined", url), (m.GetProperty("state").GetString(), m.GetProperty("server").GetString())));

        // Nothing went wrong, and the members quitting one another's room on the way out is not reported as a state change.
        Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString() is "error" or "state");
        Assert.DoesNotContain(lines, l => Is(l, "sent") && l.GetProperty("seq").GetInt64() <= 2 && !l.GetProperty("acked").GetBoolean());

        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal((5, 5, 0, 0), (summary.GetProperty("members").GetInt32(), summary.GetProperty("joined").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("exitCode").GetInt32()));
        Assert.True(summary.GetProperty("sent").GetInt64() >= 10, summary.ToString());
        Assert.True(summary.GetProperty("chatReceived").GetInt64() >= 40, summary.ToString());
        Assert.True(summary.GetProperty("framesReceived").GetInt64() > 0, summary.ToString());
        Assert.Single(lines, l => l.GetProperty("event").GetString() == "summary");
    }

    [Fact]
    public async Task ADuration_EndsTheRun_WithTheSummary_AndExitCode0()
    {
        var url = Server.Url.ToString();
        var result = await Task.Run(() => CliRun.Run(
                "load", "--app-id", AppId, "--key", Server.Key, "--room", "lt-string-room", "--user-prefix", "lt3",
                "--member", $"host@{url}", "--member", $"viewer@{url}", "--duration", "2s", "--media-address", "127.0.0.1"))
            .WaitAsync(Generous, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["lt3_host", "lt3_viewer1"], lines.Where(l => Is(l, "member")).Select(l => l.GetProperty("user").GetString()).Order());
        Assert.Contains(lines, l => Is(l, "frames", "lt3_viewer1")); // at least the last counts, printed on the way out
        var summary = lines[^1];
        Assert.Equal(("summary", 2, 0), (summary.GetProperty("event").GetString(), summary.GetProperty("joined").GetInt32(), summary.GetProperty("exitCode").GetInt32()));
    }

    [Fact]
    public async Task AWrongKey_IsTheLoginErrorsCode_InAnErrorLine_AndExitCode7()
    {
        var url = Server.Url.ToString();
        var result = await Task.Run(() => CliRun.Run(
                "load", "--app-id", AppId, "--key", "not-the-apps-key", "--room", "4202", "--user-prefix", "lt2",
                "--member", $"host@{url}", "--member", $"viewer*2@{url}", "--duration", "60s"))
            .WaitAsync(Generous, TestContext.Current.CancellationToken);

        Assert.Equal(7, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var error = Assert.Single(lines, l => Is(l, "error", "lt2_host"));
        Assert.Equal(("TLSSDK", 8), (error.GetProperty("module").GetString(), error.GetProperty("code").GetInt32()));
        Assert.Contains("signature", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString() == "member");
        var summary = lines[^1];
        Assert.Equal(("summary", 0, 7), (summary.GetProperty("event").GetString(), summary.GetProperty("joined").GetInt32(), summary.GetProperty("exitCode").GetInt32()));
    }

    [Theory]
    [InlineData("viewer", "expected ROLE[*COUNT]@URL")]
    [InlineData("boss@http://127.0.0.1:7880", "'boss' is not a role")]
    [InlineData("viewer*0@http://127.0.0.1:7880", "the count after '*'")]
    [InlineData("viewer@127.0.0.1:7880", "'127.0.0.1:7880' is not an absolute http(s) or ws(s) URL")]
    [InlineData("host*2@http://127.0.0.1:7880", "a room has one host")]
    public void ABadMemberSpec_IsAUsageError_NamingIt(string spec, string reason)
    {
        var result = CliRun.Run("load", "--app-id", AppId, "--key", "k", "--room", "1", "--member", spec);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--member '{spec}': {reason}", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void TwoHosts_AMissingKey_AndAWildcardMediaAddress_AreUsageErrors()
    {
        var twoHosts = CliRun.Run("load", "--app-id", AppId, "--key", "k", "--room", "1", "--member", "host@http://127.0.0.1:1", "--member", "host@http://127.0.0.1:2");
        Assert.Equal(2, twoHosts.ExitCode);
        Assert.Contains("a room has one host", twoHosts.Error, StringComparison.Ordinal);

        var noKey = CliRun.Run("load", "--app-id", AppId, "--room", "1", "--member", "host@http://127.0.0.1:1");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("OPENLIVE_APP_KEY", noKey.Error, StringComparison.Ordinal);

        var wildcard = CliRun.Run("load", "--app-id", AppId, "--key", "k", "--room", "1", "--member", "host@http://127.0.0.1:1", "--media-address", "0.0.0.0");
        Assert.Equal(2, wildcard.ExitCode);
        Assert.Contains("--media-address 0.0.0.0 is a wildcard", wildcard.Error, StringComparison.Ordinal);

        var noMember = CliRun.Run("load", "--app-id", AppId, "--key", "k", "--room", "1");
        Assert.Equal(2, noMember.ExitCode);
        Assert.Contains("--member", noMember.Error, StringComparison.Ordinal);
        Assert.All([twoHosts, noKey, wildcard, noMember], r => Assert.Empty(r.Output));
    }

    private static bool Is(JsonElement line, string kind, string? user = null) =>
        line.GetProperty("event").GetString() == kind && (user is null || line.GetProperty("user").GetString() == user);

    private static bool ReceivesCamera(IReadOnlyList<JsonElement> lines, string user, string from) =>
        lines.Any(l => Is(l, "frames", user) && l.GetProperty("tracks").EnumerateArray().Any(t =>
            t.GetProperty("from").GetString() == from && t.GetProperty("source").GetString() == "camera" && t.GetProperty("frames").GetInt64() > 0));
}
