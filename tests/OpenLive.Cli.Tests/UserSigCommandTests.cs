using System.Globalization;
using System.Text.Json;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests;

public sealed class UserSigCommandTests
{
    private const string App = "1400000000";
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    private static string TencentNode(params object[] args) =>
        NodeScript.Run("tencent-tls-sig.cjs", args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!).ToArray());

    [Fact]
    public void Verify_AcceptsTencentsNodeSig_ForTheSameAppKeyAndUser()
    {
        var sig = TencentNode("gen", App, Key, "xiaojun", 86400);
        var result = CliRun.Run("usersig", "verify", "--app-id", App, "--key", Key, "--user", "xiaojun", "--sig", sig);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("valid:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RejectsTencentsNodeSig_WhenOneKeyByteChanges()
    {
        var sig = TencentNode("gen", App, Key, "xiaojun", 86400);
        var otherKey = "6" + Key[1..];
        var result = CliRun.Run("usersig", "verify", "--app-id", App, "--key", otherKey, "--user", "xiaojun", "--sig", sig);
        Assert.Equal(13, result.ExitCode);
        Assert.Contains("invalid (bad signature)", result.Error, StringComparison.Ordinal);
        Assert.Contains("signed with another key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RejectsTencentsNodeSig_AfterExpiry()
    {
        // Issued by their library 100 s ago with a 10 s lifetime.
        var issued = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 100;
        var sig = TencentNode("gen", App, Key, "xiaojun", 10, issued);
        var result = CliRun.Run("usersig", "verify", "--app-id", App, "--key", Key, "--user", "xiaojun", "--sig", sig);
        Assert.Equal(14, result.ExitCode);
        Assert.Contains("invalid (expired): the userSig expired at", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongUserAndApp_HaveTheirOwnExitCodes()
    {
        var sig = CliRun.Run("usersig", "gen", "-a", App, "-k", Key, "-u", "alice").Output.Trim();
        Assert.Equal(12, CliRun.Run("usersig", "verify", "-a", App, "-k", Key, "-u", "bob", "-s", sig).ExitCode);
        Assert.Equal(11, CliRun.Run("usersig", "verify", "-a", "1400000001", "-k", Key, "-u", "alice", "-s", sig).ExitCode);
        Assert.Equal(10, CliRun.Run("usersig", "verify", "-a", App, "-k", Key, "-u", "alice", "-s", "not-a-sig!").ExitCode);
    }

    [Fact]
    public void Gen_PrivateMapKey_VerifiesForItsRoomOnly()
    {
        var sig = CliRun.Run("usersig", "gen", "-a", App, "-k", Key, "-u", "host", "--room", "10000", "--privileges", "0xff").Output.Trim();
        var ok = CliRun.Run("usersig", "verify", "-a", App, "-k", Key, "-u", "host", "-s", sig, "--room", "10000");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("privileges: 0xFF", ok.Output, StringComparison.Ordinal);
        var other = CliRun.Run("usersig", "verify", "-a", App, "-k", Key, "-u", "host", "-s", sig, "--room", "10001");
        Assert.Equal(15, other.ExitCode);
        Assert.Contains("for room 10000, not room 10001", other.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Gen_StringRoomAndNamedPrivileges()
    {
        var sig = CliRun.Run("usersig", "gen", "-a", App, "-k", Key, "-u", "viewer", "--room", "123", "--string-room", "--privileges", "JOIN_ROOM,RECV_AUDIO,RECV_VIDEO").Output.Trim();
        using var doc = JsonDocument.Parse(CliRun.Run("usersig", "inspect", sig).Output);
        var pmk = doc.RootElement.GetProperty("privateMapKey");
        Assert.Equal("123", pmk.GetProperty("roomId").GetString());
        Assert.Equal(0x2A, pmk.GetProperty("privilegeMap").GetInt32());
    }

    [Fact]
    public void Inspect_PrintsTheDecodedFields()
    {
        var result = CliRun.Run("usersig", "inspect", TencentNode("gen", App, Key, "xiaojun", 15552000, 1600000000));
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var root = doc.RootElement;
        Assert.Equal("xiaojun", root.GetProperty("TLS.identifier").GetString());
        Assert.Equal(1400000000, root.GetProperty("TLS.sdkappid").GetInt64());
        Assert.Equal(1600000000, root.GetProperty("TLS.time").GetInt64());
        Assert.Equal("1Z5PngDjGaufeSiPoBuxdHY7EK3JTdAjMP93S4KvV3M=", root.GetProperty("TLS.sig").GetString());
        Assert.Equal("2021-03-12T12:26:40Z", root.GetProperty("expiresAt").GetString());
        Assert.True(root.GetProperty("expired").GetBoolean());
    }

    [Fact]
    public void Inspect_Garbage_ExitsMalformed()
    {
        var result = CliRun.Run("usersig", "inspect", "%%%");
        Assert.Equal(10, result.ExitCode);
        Assert.Contains("invalid (malformed)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("usersig", "gen", "-a", App, "-k", Key)]
    [InlineData("usersig", "gen", "-a", "abc", "-k", Key, "-u", "x")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--expire", "0")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--room", "5")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--room", "5", "-p", "flying")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--room", "5", "-p", "256")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--room", "0", "-p", "all")]
    [InlineData("usersig", "gen", "-a", App, "-k", Key, "-u", "x", "--key-file", "/nonexistent")]
    [InlineData("usersig", "frobnicate")]
    public void BadArguments_AreUsageErrors_WithAMessage(params string[] args)
    {
        var result = CliRun.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("openlive: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Gen_WithoutKey_NamesTheAlternatives()
    {
        var result = CliRun.Run("usersig", "gen", "-a", App, "-u", "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--key-file", result.Error, StringComparison.Ordinal);
        Assert.Contains("OPENLIVE_APP_KEY", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_IsRead()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Key + "\n");
            var sig = CliRun.Run("usersig", "gen", "-a", App, "--key-file", file, "-u", "alice").Output.Trim();
            Assert.Equal(0, CliRun.Run("usersig", "verify", "-a", App, "-k", Key, "-u", "alice", "-s", sig).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
