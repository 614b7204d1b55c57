using OpenLive.Server.Application.Login;

namespace OpenLive.Server.Tests.Application.Login;

/// <summary>Client text for the log: escaped so it reads unambiguously, bounded so one value cannot flood a line.</summary>
public sealed class ClientTextTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("evil\u202Etxt", "evil\\u202Etxt")]
    [InlineData("back\\slash", "back\\\\slash")] // doubled: a literal "\n" in the input cannot pass for an escaped newline
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("张三😀", "张三😀")]
    public void Escapes_ControlFormatAndSeparatorCharacters(string input, string logged)
    {
        Assert.Equal(logged, ClientText.ForLog(input));
        Assert.Equal(logged, new ClientText(input).ToString());
    }

    [Fact]
    public void CutsLongText_AndSaysHowMuchWasLeftOut()
    {
        var logged = ClientText.ForLog(new string('x', 1000));

        Assert.StartsWith(new string('x', ClientText.MaxChars), logged, StringComparison.Ordinal);
        Assert.EndsWith($"…(+{1000 - ClientText.MaxChars} chars)", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void NeverSplitsASurrogatePair_NorKeepsAnUnpairedOne()
    {
        var atTheCut = new string('x', ClientText.MaxChars - 1) + "😀tail";
        var logged = ClientText.ForLog(atTheCut);
        Assert.DoesNotContain(logged, char.IsSurrogate); // the pair straddling the cut is left out whole

        Assert.Equal("a\\uD800b", ClientText.ForLog("a" + '\uD800' + "b"));
        Assert.Equal(string.Empty, ClientText.ForLog(null));
    }
}
