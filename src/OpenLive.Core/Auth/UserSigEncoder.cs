using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace OpenLive.Core.Auth;

/// <summary>
/// Writes a ticket: JSON document → zlib → TLS base64. The JSON has Tencent's field order and types
/// (<c>TLS.sdkappid</c>, <c>TLS.expire</c>, <c>TLS.time</c> are numbers). The zlib stream is stored blocks (Tencent's Go
/// library) or deflate at the fastest level (Tencent's C++ library, <c>Z_BEST_SPEED</c>); every inflater reads both.
/// </summary>
internal static class UserSigEncoder
{
    public static string Encode(UserSigCompression compression, string identifier, ulong sdkAppId, long time, long expire, ReadOnlySpan<byte> userBuf, bool hasUserBuf, ReadOnlySpan<byte> mac)
    {
        var capacity = 160 + (6 * Encoding.UTF8.GetMaxByteCount(identifier.Length)) + (hasUserBuf ? Base64.GetMaxEncodedToUtf8Length(userBuf.Length) : 0);
        var json = ArrayPool<byte>.Shared.Rent(capacity);
        // Neither stored framing nor deflate grows the input by more than 5 bytes per block plus the 6-byte zlib frame.
        var compressed = ArrayPool<byte>.Shared.Rent(ZlibStoredFrame.GetMaxFramedLength(capacity) + 64);
        try
        {
            var n = WriteDocument(json, identifier, sdkAppId, time, expire, userBuf, hasUserBuf, mac);
            int compressedLength;
            if (compression == UserSigCompression.Stored)
            {
                compressedLength = ZlibStoredFrame.Write(json.AsSpan(0, n), compressed);
                return TlsSigBase64.Encode(compressed.AsSpan(0, compressedLength));
            }

            using (var output = new MemoryStream(compressed, 0, compressed.Length, writable: true))
            {
                using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    zlib.Write(json, 0, n);
                }

                compressedLength = (int)output.Position;
            }

            return TlsSigBase64.Encode(compressed.AsSpan(0, compressedLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    private static int WriteDocument(Span<byte> buffer, string identifier, ulong sdkAppId, long time, long expire, ReadOnlySpan<byte> userBuf, bool hasUserBuf, ReadOnlySpan<byte> mac)
    {
        var n = 0;
        Append(buffer, ref n, "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\""u8);
        n += JsonStringWriter.WriteEscaped(identifier, buffer[n..]);
        Append(buffer, ref n, "\",\"TLS.sdkappid\":"u8);
        Utf8Formatter.TryFormat(sdkAppId, buffer[n..], out var w);
        n += w;
        Append(buffer, ref n, ",\"TLS.expire\":"u8);
        Utf8Formatter.TryFormat(expire, buffer[n..], out w);
        n += w;
        Append(buffer, ref n, ",\"TLS.time\":"u8);
        Utf8Formatter.TryFormat(time, buffer[n..], out w);
        n += w;
        if (hasUserBuf)
        {
            Append(buffer, ref n, ",\"TLS.userbuf\":\""u8);
            Base64.EncodeToUtf8(userBuf, buffer[n..], out _, out w);
            n += w;
            buffer[n++] = (byte)'"';
        }

        Append(buffer, ref n, ",\"TLS.sig\":\""u8);
        Base64.EncodeToUtf8(mac, buffer[n..], out _, out w);
        n += w;
        Append(buffer, ref n, "\"}"u8);
        return n;
    }

    private static void Append(Span<byte> buffer, ref int n, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer[n..]);
        n += text.Length;
    }
}
