using System.Text;
using OpenLive.Core.Auth;

namespace OpenLive.Core.Tests.Auth;

/// <summary>
/// Tickets malformed below the JSON framing (string values that are not text, a zlib stream asking for a preset
/// dictionary): found by the fuzzing campaign
/// (tests/OpenLive.Fuzz.Tests, userSig target), where the decoder threw instead of refusing the ticket.
/// </summary>
public sealed class UserSigDecoderMalformedInputTests
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

    [Fact]
    public void Decode_ZlibStreamAskingForAPresetDictionary_IsRefusedNotThrown()
    {
        // Found by the fuzzer: a deflated ticket whose zlib header sets FDICT (0x78 0x3F). .NET's inflater stops with
        // Z_NEED_DICT and throws ZLibException, which is not the InvalidDataException the decoder caught.
        var zlib = Convert.FromHexString(
            "783FAB560AF109D62B4B2D52B25232D23350D201F3335352F35089E294ECC48282CC14252B4313030830846849AD28C82C4A55B2B23033313080089564E6A62A59199A5B9A99989A5B9A1A43444B8B538B924AD394AC9422F3C2721D7DFDF5616667A62B5929399BE5A6557857E63856A57B1B177AE9271A97DB2AD50200C05238699E0D95C75EE7CD63F923E16B3B1917E50795141B664404A41578EB7B14BA453A3AE739E9271A97DB2AD50200C05238699E0D95C75EE7CD63F923E1F5C681DF5846B72AFAE15FA327B71D7655AFCBC58B7054FE1E708534CB");
        var ticket = TicketForge.Escape(Convert.ToBase64String(zlib));

        var decoded = UserSigDecoder.TryDecode(ticket, out var result, out var error);

        Assert.False(decoded);
        Assert.Null(result);
        Assert.Contains("zlib", error, StringComparison.Ordinal);
    }
}
