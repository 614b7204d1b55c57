using System.IO.Compression;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The three layers of a TLS-Sig ticket (userSig, privateMapKey), so mutations can hit each one: the TLS base64
/// text, the zlib stream under it, and the JSON document under that. Written here from the format (standard base64
/// with <c>+/=</c> → <c>*-_</c>) so the fuzzer does not lean on the code it tests.
/// </summary>
internal static class TicketText
{
    public static string Encode(ReadOnlySpan<byte> zlib) =>
        Convert.ToBase64String(zlib).Replace('+', '*').Replace('/', '-').Replace('=', '_');

    public static byte[] Decode(string ticket) =>
        Convert.FromBase64String(ticket.Replace('*', '+').Replace('-', '/').Replace('_', '='));

    public static byte[] Compress(ReadOnlySpan<byte> document)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(document);
        }

        return output.ToArray();
    }

    public static byte[] Inflate(byte[] compressed)
    {
        using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A fuzz input for a layered target: one byte naming the layer, then that layer's bytes.</summary>
    public static byte[] Layered(int layer, ReadOnlySpan<byte> bytes) => [(byte)layer, .. bytes];
}
