using System.Text;
using OpenLive.Core.Auth;

namespace OpenLive.Core.Tests.Auth;

/// <summary>
/// Tickets whose JSON is well-framed but whose string values are not text: found by the fuzzing campaign
/// (tests/OpenLive.Fuzz.Tests, userSig target), where the decoder threw instead of refusing the ticket.
/// </summary>
public sealed class UserSigDecoderMalformedTextTests
{
    [Fact]
    public void Decode_InvalidUtf8InAStringField_IsRefusedNotThrown()
    {
        // "TLS.identifier":"a\xBAice" - a lone continuation byte, as a hostile client can put in a ticket.
        var prefix = Encoding.UTF8.GetBytes("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a");
        var suffix = Encoding.UTF8.GetBytes("ice\",\"TLS.sdkappid\":1400000001,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"AAAA\"}");
        var ticket = TicketForge.Wrap([.. prefix, 0xBA, .. suffix]);

        var decoded = UserSigDecoder.TryDecode(ticket, out var result, out var error);

        Assert.False(decoded);
        Assert.Null(result);
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EscapedLoneSurrogateInAStringField_IsRefusedNotThrown()
    {
        var ticket = TicketForge.Wrap("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\ud800\",\"TLS.sdkappid\":1400000001,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"AAAA\"}");

        var decoded = UserSigDecoder.TryDecode(ticket, out var result, out var error);

        Assert.False(decoded);
        Assert.Null(result);
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_InvalidUtf8InTheSignatureField_IsMalformedNotThrown()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":1400000001,\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sig\":\"");
        var ticket = TicketForge.Wrap([.. prefix, 0xFE, 0xFF, .. "\"}"u8]);
        var verifier = new UserSigVerifier(1400000001, "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");

        var result = verifier.Verify("alice", ticket);

        Assert.Equal(UserSigStatus.Malformed, result.Status);
    }
}
