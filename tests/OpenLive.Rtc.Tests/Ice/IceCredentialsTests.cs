using OpenLive.Rtc.Ice;

namespace OpenLive.Rtc.Tests.Ice;

public sealed class IceCredentialsTests
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    [Fact]
    public void Generated_AreIceCharsOfTheRfcLengths_AndDiffer() // RFC 8839 §5.4
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var credentials = IceCredentials.Generate();
            Assert.Equal(IceCredentials.GeneratedUfragLength, credentials.Ufrag.Length);
            Assert.Equal(IceCredentials.GeneratedPasswordLength, credentials.Password.Length);
            Assert.All(credentials.Ufrag + credentials.Password, c => Assert.Contains(c, IceChars));
            Assert.True(seen.Add(credentials.Ufrag));
            Assert.True(seen.Add(credentials.Password));
            Assert.True(IceCredentials.TryCreate(credentials.Ufrag, credentials.Password, out _));
        }
    }

    [Theory]
    [InlineData("abcd", "0123456789012345678901", true)]
    [InlineData("abc", "0123456789012345678901", false)] // ufrag too short
    [InlineData("abcd", "012345678901234567890", false)] // password too short
    [InlineData("ab d", "0123456789012345678901", false)] // not an ice-char
    [InlineData("abcd", "01234567890123456789:1", false)]
    [InlineData("a+/d", "+/34567890123456789012", true)]
    public void FromSignaling_FollowTheGrammar(string ufrag, string password, bool valid)
    {
        Assert.Equal(valid, IceCredentials.TryCreate(ufrag, password, out var credentials));
        Assert.Equal(valid, credentials is not null);
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => IceCredentials.Create(ufrag, password));
        }
    }

    [Fact]
    public void OverlongOrMissing_AreRefused()
    {
        Assert.False(IceCredentials.TryCreate(new string('a', 257), "0123456789012345678901", out _));
        Assert.True(IceCredentials.TryCreate(new string('a', 256), new string('b', 256), out _));
        Assert.False(IceCredentials.TryCreate(null, "0123456789012345678901", out _));
        Assert.False(IceCredentials.TryCreate("abcd", null, out _));
    }
}
