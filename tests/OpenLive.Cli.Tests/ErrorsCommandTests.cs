using System.Text.Json;
using OpenLive.Cli.Output;
using OpenLive.Core.Errors;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests;

public sealed class ErrorsCommandTests
{
    [Fact]
    public void NoArgument_PrintsTheWholeTable()
    {
        var result = CliRun.Run("errors");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ErrorCatalog.All.Count + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains("8050", StringComparison.Ordinal) && l.Contains("ERR_KICK_OUT", StringComparison.Ordinal) && l.Contains("Kicked offline", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("8051")]
    [InlineData("ERR_EXPIRE")]
    public void OneCode_IsExplained(string query)
    {
        var result = CliRun.Run("errors", query);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ILiveSDK 8051 ERR_EXPIRE", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ticket expired (Need to update ticket userSig)", result.Output, StringComparison.Ordinal);
        Assert.Contains("What to do", result.Output, StringComparison.Ordinal);
        Assert.Contains("RenewUserSigAsync", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_UsesTheChineseTable()
    {
        var result = CliRun.Run("errors", "10003", "--lang", "zh");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("没有权限", result.Output, StringComparison.Ordinal);
        Assert.Contains("没有权限使用某个功能", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_IsParseableAndComplete()
    {
        var result = CliRun.Run("errors", "--json");
        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal(ErrorCatalog.All.Count, doc.RootElement.GetArrayLength());
        var first = doc.RootElement[0];
        Assert.Equal("ILiveSDK", first.GetProperty("module").GetString());
        Assert.Equal("NO_ERR", first.GetProperty("name").GetString());

        using var one = JsonDocument.Parse(CliRun.Run("errors", "1402", "--json", "--lang", "zh").Output);
        var entry = Assert.Single(one.RootElement.EnumerateArray());
        Assert.Equal("AVSDK", entry.GetProperty("module").GetString());
        Assert.Equal("没有发视频", entry.GetProperty("description").GetString());
        Assert.True(entry.TryGetProperty("cause", out _));
    }

    [Fact]
    public void UnknownCode_ExitsNotFound()
    {
        var result = CliRun.Run("errors", "4242");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no code or name '4242'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadLanguage_IsAUsageError()
    {
        var result = CliRun.Run("errors", "--lang", "fr");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsErrorsMd_IsGeneratedFromTheCatalog()
    {
        var path = RepoPaths.InRoot("docs", "errors.md");
        var committed = File.Exists(path) ? File.ReadAllText(path) : "(missing)";
        Assert.True(
            committed == ErrorsMarkdown.Render(),
            "docs/errors.md is stale. Regenerate: dotnet run --project src/OpenLive.Cli -- errors --format markdown > docs/errors.md");
    }
}
