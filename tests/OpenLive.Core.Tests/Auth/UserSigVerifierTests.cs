using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;

namespace OpenLive.Core.Tests.Auth;

public sealed class UserSigVerifierTests
{
    private const uint App = 1400000001;
    private const string Key = "a-secret-key-of-some-length-0123456789abcdef";
    private const long Now = 1_800_000_000;

    private static readonly UserSigGenerator Generator = new(App, Key, TestClock.At(Now));
    private static readonly UserSigVerifier Verifier = new(App, Key, TestClock.At(Now + 10));

    [Fact]
    public void Valid_RoundTrip()
    {
        var result = Verifier.Verify("alice", Generator.GenUserSig("alice", 3600));
        Assert.Equal(UserSigStatus.Valid, result.Status);
        Assert.Equal(Now + 3600, result.Ticket!.ExpiresAtUnixSeconds);
    }

    [Fact]
    public void WrongApp_IsAppIdMismatch() =>
        Assert.Equal(UserSigStatus.AppIdMismatch, new UserSigVerifier(App + 1, Key, TestClock.At(Now)).Verify("alice", Generator.GenUserSig("alice")).Status);

    [Fact]
    public void WrongUser_IsIdentifierMismatch() =>
        Assert.Equal(UserSigStatus.IdentifierMismatch, Verifier.Verify("bob", Generator.GenUserSig("alice")).Status);

    [Fact]
    public void IdentifierComparison_IsOrdinal() =>
        Assert.Equal(UserSigStatus.IdentifierMismatch, Verifier.Verify("Alice", Generator.GenUserSig("alice")).Status);

    [Fact]
    public void OneKeyByteChanged_IsBadSignature()
    {
        var other = new UserSigVerifier(App, "b" + Key[1..], TestClock.At(Now));
        var result = other.Verify("alice", Generator.GenUserSig("alice"));
        Assert.Equal(UserSigStatus.BadSignature, result.Status);
        Assert.Contains("another key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_FollowsTencentsRule_NowGreaterThanTimePlusExpire()
    {
        var sig = Generator.GenUserSig("alice", 100);
        Assert.True(new UserSigVerifier(App, Key, TestClock.At(Now + 100)).Verify("alice", sig).IsValid);
        var expired = new UserSigVerifier(App, Key, TestClock.At(Now + 101)).Verify("alice", sig);
        Assert.Equal(UserSigStatus.Expired, expired.Status);
        Assert.Contains("expired at", expired.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredForgery_IsBadSignature_NotExpired()
    {
        var forged = new UserSigGenerator(App, "not-the-key", TestClock.At(Now - 10_000)).GenUserSig("alice", 1);
        Assert.Equal(UserSigStatus.BadSignature, Verifier.Verify("alice", forged).Status);
    }

    [Fact]
    public void AlteredField_IsBadSignature()
    {
        var mac = TicketForge.Mac(Key, "alice", App, Now, 100);
        var altered = TicketForge.Wrap($$"""{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":{{App}},"TLS.expire":999999,"TLS.time":{{Now}},"TLS.sig":"{{mac}}"}""");
        Assert.Equal(UserSigStatus.BadSignature, Verifier.Verify("alice", altered).Status);
    }

    [Fact]
    public void AnyKeyOrder_AndEscapedSlashes_Verify()
    {
        var mac = TicketForge.Mac(Key, "alice", App, Now, 100);
        var phpStyle = mac.Replace("/", "\\/", StringComparison.Ordinal);
        var json = $$"""{ "TLS.sig" : "{{phpStyle}}", "TLS.time":{{Now}}, "TLS.expire":100, "TLS.sdkappid":{{App}}, "TLS.identifier":"alice", "TLS.ver":"2.0", "x-extra":[1,{"a":null}] }""";
        Assert.True(Verifier.Verify("alice", TicketForge.Wrap(json)).IsValid);
    }

    [Fact]
    public void EscapedIdentifier_IsUnescapedBeforeSigning()
    {
        const string user = "a\"b\\c/é";
        var sig = Generator.GenUserSig(user, 100);
        Assert.True(Verifier.Verify(user, sig).IsValid);
        var mac = TicketForge.Mac(Key, user, App, Now, 100);
        var json = $$"""{"TLS.identifier":"a\"b\\c\/\u00e9","TLS.sdkappid":{{App}},"TLS.time":{{Now}},"TLS.expire":100,"TLS.sig":"{{mac}}"}""";
        Assert.True(Verifier.Verify(user, TicketForge.Wrap(json)).IsValid);
    }

    [Theory]
    [InlineData(System.IO.Compression.CompressionLevel.NoCompression)]
    [InlineData(System.IO.Compression.CompressionLevel.Fastest)]
    [InlineData(System.IO.Compression.CompressionLevel.SmallestSize)]
    public void AnyZlibLevel_Verifies(System.IO.Compression.CompressionLevel level)
    {
        var mac = TicketForge.Mac(Key, "alice", App, Now, 100);
        var json = $$"""{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":{{App}},"TLS.expire":100,"TLS.time":{{Now}},"TLS.sig":"{{mac}}"}""";
        Assert.True(Verifier.Verify("alice", TicketForge.Wrap(json, level)).IsValid);
    }

    [Fact]
    public void UnpaddedAndStandardAlphabet_AreAccepted()
    {
        var sig = Generator.GenUserSig("alice", 100);
        Assert.True(Verifier.Verify("alice", sig.TrimEnd('_')).IsValid);
        Assert.True(Verifier.Verify("alice", sig.Replace('*', '+').Replace('-', '/').Replace('_', '=')).IsValid);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("eJ%%%", "TLS base64")]
    [InlineData("aGVsbG8gd29ybGQ_", "zlib")]
    public void Garbage_IsMalformed(string? sig, string expected)
    {
        var result = Verifier.Verify("alice", sig);
        Assert.Equal(UserSigStatus.Malformed, result.Status);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
        Assert.Null(result.Ticket);
    }

    [Theory]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("{\"TLS.identifier\":\"alice\"", "not valid JSON")]
    [InlineData("""{"TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1}""", "no TLS.sig")]
    [InlineData("""{"TLS.identifier":"alice","TLS.sdkappid":"1","TLS.time":1,"TLS.expire":1,"TLS.sig":""}""", "must be a JSON number")]
    [InlineData("""{"TLS.identifier":"alice","TLS.sdkappid":1.5,"TLS.time":1,"TLS.expire":1,"TLS.sig":""}""", "not a non-negative integer")]
    [InlineData("""{"TLS.identifier":"a","TLS.identifier":"b","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":""}""", "appears twice")]
    [InlineData("""{"TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":"!!"}""", "not standard base64")]
    [InlineData("""{"TLS.ver":"3.0","TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":""}""", "only \"2.0\"")]
    [InlineData("""{"TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":""} x""", "not valid JSON")]
    [InlineData("""{"TLS.account_type":"0","TLS.identifier":"alice","TLS.appid_at_3rd":"0","TLS.sdk_appid":"1","TLS.expire_after":"10","TLS.version":"201512300000","TLS.time":"1","TLS.sig":"MEU="}""", "TLS-Sig v1")]
    public void BadDocument_IsMalformed_WithAReason(string json, string expected)
    {
        var result = Verifier.Verify("alice", TicketForge.Wrap(json));
        Assert.Equal(UserSigStatus.Malformed, result.Status);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MegabyteSig_IsRejectedByLength()
    {
        var huge = new string('A', 1 << 20);
        var result = Verifier.Verify("alice", huge);
        Assert.Equal(UserSigStatus.Malformed, result.Status);
        Assert.Contains("characters long", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ZlibBomb_IsRejected()
    {
        // 2 MiB of zeros deflates to about 2 KiB: under the text limit, so inflation itself must stop at the document limit.
        var bomb = TicketForge.Wrap(new byte[2 << 20], System.IO.Compression.CompressionLevel.SmallestSize);
        Assert.True(bomb.Length <= UserSigLimits.MaxEncodedLength, $"bomb is {bomb.Length} chars");
        var result = Verifier.Verify("alice", bomb);
        Assert.Equal(UserSigStatus.Malformed, result.Status);
        Assert.Contains("inflates to more than", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainVerify_RejectsAPrivateMapKey_AndViceVersa()
    {
        var pmk = Generator.GenPrivateMapKey("alice", 100, 42, AuthBits.Audience);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.Verify("alice", pmk).Status);
        Assert.True(Verifier.VerifyAnyUserBuf("alice", pmk).IsValid);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyPrivateMapKey("alice", Generator.GenUserSig("alice"), 42).Status);
    }

    [Fact]
    public void VerifyWithUserBuf_ComparesBytes()
    {
        byte[] buf = [1, 2, 3];
        var sig = Generator.GenSigWithUserBuf("alice", 100, buf);
        Assert.True(Verifier.VerifyWithUserBuf("alice", sig, buf).IsValid);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyWithUserBuf("alice", sig, [1, 2, 4]).Status);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyWithUserBuf("alice", Generator.GenUserSig("alice"), buf).Status);
    }

    [Fact]
    public void PrivateMapKey_NumericRoom()
    {
        var pmk = Generator.GenPrivateMapKey("alice", 100, 42, AuthBits.Audience);
        var result = Verifier.VerifyPrivateMapKey("alice", pmk, 42);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(AuthBits.Audience, result.PrivateMapKey!.Privileges);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyPrivateMapKey("alice", pmk, 43).Status);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyPrivateMapKey("alice", pmk, "42").Status);
        Assert.Equal(UserSigStatus.IdentifierMismatch, Verifier.VerifyPrivateMapKey("bob", pmk, 42).Status);
    }

    [Fact]
    public void PrivateMapKey_StringRoom()
    {
        var pmk = Generator.GenPrivateMapKey("alice", 100, "live-room_7", AuthBits.All);
        Assert.True(Verifier.VerifyPrivateMapKey("alice", pmk, "live-room_7").IsValid);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyPrivateMapKey("alice", pmk, "live-room_8").Status);
        Assert.Equal(UserSigStatus.UserBufMismatch, Verifier.VerifyPrivateMapKey("alice", pmk, 0).Status);
    }

    [Fact]
    public void PrivateMapKey_AccountInsideUserBufMustMatch()
    {
        var forgedBuf = new PrivateMapKey("mallory", App, 42, null, (uint)(Now + 100), 0xFF).ToArray();
        var sig = Generator.GenSigWithUserBuf("alice", 100, forgedBuf);
        var result = Verifier.VerifyPrivateMapKey("alice", sig, 42);
        Assert.Equal(UserSigStatus.UserBufMismatch, result.Status);
        Assert.Contains("mallory", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateMapKey_AbsoluteExpiry_IsChecked()
    {
        // A userbuf whose own expiry is earlier than the ticket's: the room permission expires first.
        var shortBuf = new PrivateMapKey("alice", App, 42, null, (uint)(Now + 5), 0xFF).ToArray();
        var sig = Generator.GenSigWithUserBuf("alice", 1000, shortBuf);
        Assert.True(new UserSigVerifier(App, Key, TestClock.At(Now + 5)).VerifyPrivateMapKey("alice", sig, 42).IsValid);
        Assert.Equal(UserSigStatus.Expired, new UserSigVerifier(App, Key, TestClock.At(Now + 6)).VerifyPrivateMapKey("alice", sig, 42).Status);
    }

    [Fact]
    public void Generator_RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => Generator.GenUserSig(""));
        Assert.Throws<ArgumentException>(() => Generator.GenUserSig(new string('x', 300)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Generator.GenUserSig("alice", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Generator.GenUserSig("alice", -5));
        Assert.Throws<ArgumentException>(() => Generator.GenPrivateMapKey("alice", 10, new string('r', 65), AuthBits.All));
        Assert.Throws<ArgumentException>(() => new UserSigGenerator(1, ""));
    }

    [Fact]
    public void Generator_DefaultsToStoredBlocks_AndOffersDeflate()
    {
        var stored = Generator.GenUserSig("alice");
        var deflated = new UserSigGenerator(App, Key, TestClock.At(Now), UserSigCompression.Deflate).GenUserSig("alice");
        var storedBytes = Convert.FromBase64String(TicketForge.Unescape(stored));
        var deflatedBytes = Convert.FromBase64String(TicketForge.Unescape(deflated));
        Assert.Equal(new byte[] { 0x78, 0x01, 0x01 }, storedBytes[..3]); // zlib header, then BFINAL=1 BTYPE=00
        Assert.NotEqual(0, deflatedBytes[2] & 0x06);                     // a Huffman block
        Assert.True(deflated.Length < stored.Length);
        Assert.True(Verifier.Verify("alice", stored).IsValid);
        Assert.True(Verifier.Verify("alice", deflated).IsValid);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UserSigGenerator(App, Key, null, (UserSigCompression)7));
    }
}

public sealed class UserSigErrorsTests
{
    [Theory]
    [InlineData(UserSigStatus.Expired, "ILiveSDK", 8051)]
    [InlineData(UserSigStatus.Malformed, "TLSSDK", 4)]
    [InlineData(UserSigStatus.BadSignature, "TLSSDK", 8)]
    [InlineData(UserSigStatus.IdentifierMismatch, "TLSSDK", 13)]
    [InlineData(UserSigStatus.AppIdMismatch, "TLSSDK", 14)]
    [InlineData(UserSigStatus.UserBufMismatch, "TLSSDK", 15)]
    public void Refusals_MapToTheErrorModel(UserSigStatus status, string module, int code)
    {
        var e = new UserSigVerification(status, "detail", null).ToException();
        Assert.Equal(module, e.Module);
        Assert.Equal(code, e.Code);
        Assert.Equal("detail", e.Detail);
    }

    [Fact]
    public void Valid_IsNotAnError() =>
        Assert.Throws<ArgumentException>(() => new UserSigVerification(UserSigStatus.Valid, null, null).ToException());
}
