using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Core.Tests.Auth;

/// <summary>
/// Builds tickets from raw JSON text, the way other implementations might (any key order, PHP's "\/" escapes), and
/// signs them independently of the production code: HMAC-SHA256 over the documented string to sign.
/// </summary>
internal static class TicketForge
{
    public static string Mac(string key, string identifier, ulong appId, long time, long expire, string? userBufBase64 = null)
    {
        var text = $"TLS.identifier:{identifier}\nTLS.sdkappid:{appId}\nTLS.time:{time}\nTLS.expire:{expire}\n"
            + (userBufBase64 is null ? string.Empty : $"TLS.userbuf:{userBufBase64}\n");
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text)));
    }

    public static string Wrap(string json, CompressionLevel level = CompressionLevel.Optimal) => Wrap(Encoding.UTF8.GetBytes(json), level);

    public static string Wrap(byte[] document, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level))
        {
            zlib.Write(document);
        }

        return Escape(Convert.ToBase64String(output.ToArray()));
    }

    public static string Unescape(string ticket) => ticket.Replace('*', '+').Replace('-', '/').Replace('_', '=');

    public static string Escape(string base64) => base64.Replace('+', '*').Replace('/', '-').Replace('=', '_');
}
