using CsCheck;
using OpenLive.Core.Auth;

namespace OpenLive.Core.Tests.Auth;

public sealed class TlsSigBase64Tests
{
    [Fact]
    public void Encode_UsesTheTlsAlphabet()
    {
        // 0xFB 0xFF 0xBF encodes to "+/+/" in standard base64; one byte more forces padding.
        Assert.Equal("*-*-", TlsSigBase64.Encode([0xFB, 0xFF, 0xBF]));
        Assert.Equal("*-*--w__", TlsSigBase64.Encode([0xFB, 0xFF, 0xBF, 0xFF]));
    }

    [Fact]
    public void RoundTrip_AnyBytes() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var text = TlsSigBase64.Encode(bytes);
            var back = new byte[TlsSigBase64.MaxDecodedLength(text.Length)];
            return TlsSigBase64.TryDecode(text, back, out var n) && back.AsSpan(0, n).SequenceEqual(bytes);
        });

    [Theory]
    [InlineData("A")]
    [InlineData("AB%D")]
    [InlineData("AB CD")]
    public void Decode_RejectsBadText(string text) => Assert.False(TlsSigBase64.TryDecode(text, new byte[16], out _));
}
