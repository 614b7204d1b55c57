using System.Globalization;
using System.Text.Json;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Testing;

namespace OpenLive.Core.Tests.Auth;

/// <summary>
/// Compatibility with Tencent's own Node library (npm <c>tls-sig-api-v2</c>), run for real at test time, both ways:
/// their tickets verify here, and ours decode by their format rules with a MAC their code recomputes.
/// </summary>
public sealed class TencentNodeInteropTests
{
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    private const uint App = 1400123456;

    private static string Node(params object[] args) =>
        NodeScript.Run("tencent-tls-sig.cjs", args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!).ToArray());

    [Fact]
    public void TheirLibrary_ReproducesTheReferenceVector()
    {
        var sig = Node("gen", TlsSigVectors.AppId, TlsSigVectors.Key, TlsSigVectors.User, TlsSigVectors.Expire, TlsSigVectors.Time);
        Assert.Equal(TlsSigVectors.NodeUserSig, sig);
    }

    [Fact]
    public void TheirUserSig_VerifiesHere_AndFailsForTheRightReasons()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sig = Node("gen", App, Key, "user_01", 86400);
        var clock = TestClock.At(now);
        Assert.True(new UserSigVerifier(App, Key, clock).Verify("user_01", sig).IsValid);

        var oneByteOff = Key[..10] + (Key[10] == 'a' ? 'b' : 'a') + Key[11..];
        Assert.Equal(UserSigStatus.BadSignature, new UserSigVerifier(App, oneByteOff, clock).Verify("user_01", sig).Status);
        Assert.Equal(UserSigStatus.Expired, new UserSigVerifier(App, Key, TestClock.At(now + 86400 + 120)).Verify("user_01", sig).Status);
        Assert.Equal(UserSigStatus.IdentifierMismatch, new UserSigVerifier(App, Key, clock).Verify("user_02", sig).Status);
        Assert.Equal(UserSigStatus.AppIdMismatch, new UserSigVerifier(App + 1, Key, clock).Verify("user_01", sig).Status);
    }

    [Fact]
    public void TheirPrivateMapKeys_VerifyHere()
    {
        const long at = 1_790_000_000;
        var clock = TestClock.At(at + 10);
        var verifier = new UserSigVerifier(App, Key, clock);

        var numeric = Node("pmk", App, Key, "host", 300, 10000, 255, at);
        var result = verifier.VerifyPrivateMapKey("host", numeric, 10000);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(AuthBits.All, result.PrivateMapKey!.Privileges);
        Assert.Equal((uint)(at + 300), result.PrivateMapKey.ExpiresAtUnixSeconds);
        Assert.Equal(UserSigStatus.UserBufMismatch, verifier.VerifyPrivateMapKey("host", numeric, 10001).Status);

        var text = Node("pmkstr", App, Key, "viewer", 300, "room-abc", 42, at);
        var stringResult = verifier.VerifyPrivateMapKey("viewer", text, "room-abc");
        Assert.True(stringResult.IsValid, stringResult.Detail);
        Assert.Equal(AuthBits.JoinRoom | AuthBits.ReceiveAudio | AuthBits.ReceiveCameraVideo, stringResult.PrivateMapKey!.Privileges);

        Assert.Equal(UserSigStatus.Expired, new UserSigVerifier(App, Key, TestClock.At(at + 301)).VerifyPrivateMapKey("host", numeric, 10000).Status);
    }

    [Theory]
    [InlineData(UserSigCompression.Stored)]
    [InlineData(UserSigCompression.Deflate)]
    public void OurUserSig_ChecksOutByTheirRules(UserSigCompression compression)
    {
        var sig = new UserSigGenerator(App, Key, null, compression).GenUserSig("user_01", 3600);
        using var check = JsonDocument.Parse(Node("check", App, Key, sig));
        var root = check.RootElement;
        Assert.True(root.GetProperty("macMatches").GetBoolean());
        var types = root.GetProperty("types");
        Assert.Equal("string", types.GetProperty("TLS.ver").GetString());
        Assert.Equal("string", types.GetProperty("TLS.identifier").GetString());
        Assert.Equal("number", types.GetProperty("TLS.sdkappid").GetString());
        Assert.Equal("number", types.GetProperty("TLS.time").GetString());
        Assert.Equal("number", types.GetProperty("TLS.expire").GetString());
        Assert.Equal("string", types.GetProperty("TLS.sig").GetString());
        Assert.Equal(App, root.GetProperty("doc").GetProperty("TLS.sdkappid").GetUInt32());
    }

    [Theory]
    [InlineData("10000")]
    [InlineData("room-abc")]
    public void OurPrivateMapKey_ChecksOutByTheirRules_ByteForByte(string room)
    {
        var generator = new UserSigGenerator(App, Key);
        var sig = uint.TryParse(room, out var numeric)
            ? generator.GenPrivateMapKey("host", 300, numeric, AuthBits.All)
            : generator.GenPrivateMapKey("host", 300, room, AuthBits.CoHost);
        using var check = JsonDocument.Parse(Node("check", App, Key, sig));
        Assert.True(check.RootElement.GetProperty("macMatches").GetBoolean());
        Assert.True(check.RootElement.GetProperty("userBufMatches").GetBoolean());
    }
}
