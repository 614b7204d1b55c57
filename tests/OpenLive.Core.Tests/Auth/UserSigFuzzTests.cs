using CsCheck;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;

namespace OpenLive.Core.Tests.Auth;

/// <summary>Property tests: whatever bytes arrive, decoding and verification return a status and never throw.</summary>
public sealed class UserSigFuzzTests
{
    private const uint App = 1400000002;
    private const string Key = "fuzz-key";
    private static readonly UserSigVerifier Verifier = new(App, Key, TestClock.At(1_800_000_000));

    private static readonly Gen<char> TicketChar = Gen.OneOf(Gen.Char['A', 'Z'], Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.OneOf<char>('*', '-', '_', '+', '/', '=', ' ', '\0', 'é'));

    [Fact]
    public void RandomTicketText_NeverThrows() =>
        TicketChar.Array[0, 600].Select(c => new string(c)).Sample(text =>
        {
            var result = Verifier.Verify("alice", text);
            return result.Status == UserSigStatus.Malformed;
        }, iter: 3000);

    [Fact]
    public void RandomZlibPayloads_NeverThrow() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var result = Verifier.Verify("alice", TicketForge.Wrap(bytes));
            return result.Status == UserSigStatus.Malformed;
        }, iter: 2000);

    [Fact]
    public void RandomJsonShapedDocuments_NeverThrow()
    {
        var value = Gen.OneOf(
            Gen.OneOf<string>("1", "-1", "1.5", "1e3", "18446744073709551616", "\"x\"", "\"\"", "null", "true", "[]", "{}", "\"QUJD\"", "\"\\u0000\"", "\"\\/\""),
            Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var name = Gen.OneOf<string>("TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.userbuf", "TLS.sig", "TLS.sdk_appid", "other");
        var member = Gen.Select(name, value, (n, v) => $"\"{n}\":{v}");
        member.Array[0, 10].Select(m => "{" + string.Join(',', m) + "}").Sample(json =>
        {
            var result = Verifier.Verify("x", TicketForge.Wrap(json));
            return result.Status is UserSigStatus.Malformed or UserSigStatus.AppIdMismatch or UserSigStatus.IdentifierMismatch or UserSigStatus.BadSignature;
        }, iter: 3000);
    }

    [Fact]
    public void MutatedValidTicket_IsNeverAcceptedWithOtherFields()
    {
        var generator = new UserSigGenerator(App, Key, TestClock.At(1_800_000_000));
        var original = generator.GenPrivateMapKey("alice", 3600, 7, AuthBits.Audience);
        Assert.True(UserSigDecoder.TryDecode(original, out var expected, out _));
        Gen.Select(Gen.Int[0, original.Length - 1], TicketChar).Sample((position, c) =>
        {
            var mutated = string.Create(original.Length, (original, position, c), static (span, s) =>
            {
                s.original.AsSpan().CopyTo(span);
                span[s.position] = s.c;
            });
            var result = Verifier.VerifyAnyUserBuf("alice", mutated);
            // A mutation may land in base64 slack bits and leave the bytes unchanged; then the fields must be identical.
            return !result.IsValid
                || (result.Ticket!.Signature.AsSpan().SequenceEqual(expected.Signature) && result.Ticket.UserBuf.AsSpan().SequenceEqual(expected.UserBuf));
        }, iter: 3000);
    }

    [Fact]
    public void PrivateMapKey_RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            if (PrivateMapKey.TryParse(bytes, out var key))
            {
                // Whatever parses must write back to the same bytes.
                return key.ToArray().AsSpan().SequenceEqual(bytes);
            }

            return true;
        }, iter: 5000);

    [Fact]
    public void PrivateMapKey_RoundTrips()
    {
        var account = Gen.String[Gen.Char.AlphaNumeric, 1, 32];
        var room = Gen.OneOf(Gen.Const((string?)null), Gen.String[Gen.Char.AlphaNumeric, 1, 64].Select(s => (string?)s));
        Gen.Select(account, Gen.UInt, Gen.UInt, room, Gen.UInt, Gen.UInt).Sample((a, app, roomId, roomText, exp, bits) =>
        {
            var key = new PrivateMapKey(a, app, roomText is null ? roomId : 0, roomText, exp, bits);
            return PrivateMapKey.TryParse(key.ToArray(), out var back) && back == key;
        }, iter: 2000);
    }
}
