using OpenLive.Cli.Load;

namespace OpenLive.Cli.Tests.Load;

public sealed class LoadMemberSpecTests
{
    [Fact]
    public void RoleCountAndServer_AreRead_AndUsersAreNumberedAcrossSpecs()
    {
        var host = LoadMemberSpec.Parse("host@http://10.0.0.1:7880");
        Assert.Equal((LoadRole.Host, 1, "http://10.0.0.1:7880/"), (host.Role, host.Count, host.Server.ToString()));
        var viewers = LoadMemberSpec.Parse("viewer*10@https://node-b.example:443");
        Assert.Equal((LoadRole.Viewer, 10, "node-b.example"), (viewers.Role, viewers.Count, viewers.Server.Host));
        Assert.Equal(LoadRole.CoHost, LoadMemberSpec.Parse("CoHost@ws://127.0.0.1:1").Role);

        var settings = new LoadSettings(1, "k", 7, null, "p", [
            LoadMemberSpec.Parse("viewer*2@http://a:1"), host, LoadMemberSpec.Parse("cohost@http://b:1"), LoadMemberSpec.Parse("viewer@http://c:1")],
            null, null, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(
            [("p_viewer1", "a"), ("p_viewer2", "a"), ("p_host", "10.0.0.1"), ("p_cohost1", "b"), ("p_viewer3", "c")],
            LoadRunner.Users(settings).Select(u => (u.User, u.Server.Host)));
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3000)]
    public void Durations_TakeAUnit_OrAreSeconds(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DurationArgument.Parse("--duration", text));

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("fast")]
    [InlineData("2d")]
    [InlineData("25h")]
    public void BadDurations_AreUsageErrors(string text)
    {
        var refused = Assert.Throws<CliUsageException>(() => DurationArgument.Parse("--duration", text));
        Assert.Contains("--duration", refused.Message, StringComparison.Ordinal);
    }
}
