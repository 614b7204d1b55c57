namespace OpenLive.Turn.Tests;

/// <summary>
/// The TURN REST API scheme's one implementation against vectors computed outside .NET, so a change in the
/// username's form or the password's MAC shows here before coturn refuses it.
/// </summary>
public sealed class TurnRestCredentialsTests
{
    private const string Secret = "openlive-turn-test-secret-0123456789abcdef";

    [Fact]
    public void ThePassword_IsTheBase64HmacSha1OfTheUsername_AsOpenSslComputesIt()
    {
        // Computed once with: printf '%s' '1767225600:alice' | openssl dgst -sha1 -hmac '<Secret>' -binary | base64
        Assert.Equal("6YkrYywAjwNDu2pQWRMAETI1mU8=", TurnRestCredentials.Password(Secret, "1767225600:alice"));
    }

    [Fact]
    public void TheUsername_IsTheExpiryAndThePercentEncodedUserId_AndItsPasswordMatchesOpenSsl()
    {
        // The id percent-encoded as RFC 3986 (python3: urllib.parse.quote('主播 a/b', safe='-._~')), then the password with
        // printf '%s' '1767225600:%E4%B8%BB%E6%92%AD%20a%2Fb' | openssl dgst -sha1 -hmac '<Secret>' -binary | base64
        var username = TurnRestCredentials.Username(1767225600, "主播 a/b");

        Assert.Equal("1767225600:%E4%B8%BB%E6%92%AD%20a%2Fb", username);
        Assert.Equal("eunmvCPc8JAUrFB2EvB3BKUbJdc=", TurnRestCredentials.Password(Secret, username));
    }

    [Fact]
    public void ThePasswordFromSecretBytes_IsThePasswordFromTheSecretText()
    {
        Assert.Equal(
            TurnRestCredentials.Password(Secret, "1767225600:alice"),
            TurnRestCredentials.Password(System.Text.Encoding.UTF8.GetBytes(Secret), "1767225600:alice"));
    }
}
