using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OpenLive.Core.Auth;

/// <summary>
/// TLS-Sig v2's MAC: HMAC-SHA256 keyed with the UTF-8 bytes of the key string (not hex-decoded) over
/// <code>
/// TLS.identifier:{identifier}\n
/// TLS.sdkappid:{sdkappid}\n
/// TLS.time:{time}\n
/// TLS.expire:{expire}\n
/// [TLS.userbuf:{base64std(userbuf)}\n]     only when a userbuf is present
/// </code>
/// </summary>
internal static class TlsSigHmac
{
    public const int MacLength = 32;

    private static ReadOnlySpan<byte> IdentifierLabel => "TLS.identifier:"u8;
    private static ReadOnlySpan<byte> SdkAppIdLabel => "TLS.sdkappid:"u8;
    private static ReadOnlySpan<byte> TimeLabel => "TLS.time:"u8;
    private static ReadOnlySpan<byte> ExpireLabel => "TLS.expire:"u8;
    private static ReadOnlySpan<byte> UserBufLabel => "TLS.userbuf:"u8;

    public static void Compute(
        KeyedHmacSha256 hmac,
        string identifier,
        ulong sdkAppId,
        long time,
        long expire,
        ReadOnlySpan<byte> userBuf,
        bool hasUserBuf,
        Span<byte> mac)
    {
        // Labels and four numbers take < 100 bytes; the identifier and base64 userbuf are the variable part.
        var capacity = 128 + Encoding.UTF8.GetMaxByteCount(identifier.Length) + (hasUserBuf ? Base64.GetMaxEncodedToUtf8Length(userBuf.Length) : 0);
        byte[]? rented = null;
        var buffer = capacity <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(capacity));
        try
        {
            var n = 0;
            Append(buffer, ref n, IdentifierLabel);
            n += Encoding.UTF8.GetBytes(identifier, buffer[n..]);
            buffer[n++] = (byte)'\n';
            Append(buffer, ref n, SdkAppIdLabel);
            AppendNumber(buffer, ref n, sdkAppId);
            Append(buffer, ref n, TimeLabel);
            AppendNumber(buffer, ref n, time);
            Append(buffer, ref n, ExpireLabel);
            AppendNumber(buffer, ref n, expire);
            if (hasUserBuf)
            {
                Append(buffer, ref n, UserBufLabel);
                Base64.EncodeToUtf8(userBuf, buffer[n..], out _, out var encoded);
                n += encoded;
                buffer[n++] = (byte)'\n';
            }

            hmac.Compute(buffer[..n], mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void Append(Span<byte> buffer, ref int n, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer[n..]);
        n += text.Length;
    }

    private static void AppendNumber<T>(Span<byte> buffer, ref int n, T value)
        where T : IUtf8SpanFormattable
    {
        value.TryFormat(buffer[n..], out var written, default, CultureInfo.InvariantCulture);
        n += written;
        buffer[n++] = (byte)'\n';
    }
}
