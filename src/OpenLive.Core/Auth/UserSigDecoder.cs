using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace OpenLive.Core.Auth;

/// <summary>
/// Turns a ticket string into its fields: TLS base64 → zlib (RFC 1950) → JSON. Bounded at each step and
/// never throws on bad input; the JSON may list keys in any order and escape <c>/</c> as <c>\/</c> (PHP does).
/// </summary>
public static class UserSigDecoder
{
    /// <summary>Decodes <paramref name="userSig"/>. On failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryDecode(
        string? userSig,
        [NotNullWhen(true)] out UserSigTicket? ticket,
        [NotNullWhen(false)] out string? error)
    {
        ticket = null;
        if (string.IsNullOrWhiteSpace(userSig))
        {
            error = "the userSig is empty";
            return false;
        }

        var text = userSig.AsSpan().Trim();
        if (text.Length > UserSigLimits.MaxEncodedLength)
        {
            error = $"the userSig is {text.Length} characters long; at most {UserSigLimits.MaxEncodedLength} are accepted";
            return false;
        }

        var compressed = ArrayPool<byte>.Shared.Rent(TlsSigBase64.MaxDecodedLength(text.Length));
        var document = ArrayPool<byte>.Shared.Rent(UserSigLimits.MaxDocumentLength + 1);
        try
        {
            if (!TlsSigBase64.TryDecode(text, compressed, out var compressedLength))
            {
                error = "the userSig is not TLS base64 (alphabet A-Z a-z 0-9 * - with _ padding)";
                return false;
            }

            if (!TryInflate(compressed, compressedLength, document, out var documentLength, out error))
            {
                return false;
            }

            return TryReadDocument(document.AsSpan(0, documentLength), out ticket, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(document);
        }
    }

    private static bool TryInflate(byte[] compressed, int compressedLength, byte[] output, out int length, [NotNullWhen(false)] out string? error)
    {
        length = 0;
        // zlib header: CM=8 (deflate) and a header checksum; checking it first turns most garbage away without zlib.
        // FDICT (bit 5 of FLG) asks for a preset dictionary no ticket uses; the inflater would stop with Z_NEED_DICT.
        if (compressedLength < 6 || (compressed[0] & 0x0F) != 8 || ((compressed[0] << 8) | compressed[1]) % 31 != 0
            || (compressed[1] & 0x20) != 0)
        {
            error = "the userSig does not hold a zlib stream";
            return false;
        }

        var limit = output.AsSpan(0, UserSigLimits.MaxDocumentLength);
        switch (ZlibStoredFrame.TryRead(compressed.AsSpan(0, compressedLength), limit, out length))
        {
            case ZlibStoredFrame.ReadResult.Ok:
                error = null;
                return true;
            case ZlibStoredFrame.ReadResult.Corrupt:
                error = "the userSig's zlib stream is corrupt";
                return false;
            case ZlibStoredFrame.ReadResult.TooLarge:
                error = $"the userSig inflates to more than {UserSigLimits.MaxDocumentLength} bytes";
                return false;
        }

        length = 0;
        try
        {
            using var input = new MemoryStream(compressed, 0, compressedLength, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            // Read one byte past the limit: if it arrives, the document is too large (a zlib bomb stops here).
            int read;
            while (length < output.Length && (read = zlib.Read(output, length, output.Length - length)) > 0)
            {
                length += read;
            }

            if (length > UserSigLimits.MaxDocumentLength)
            {
                error = $"the userSig inflates to more than {UserSigLimits.MaxDocumentLength} bytes";
                return false;
            }

            error = null;
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // InvalidDataException for bad deflate data; ZLibException (an IOException) for any other error zlib reports.
            error = "the userSig's zlib stream is corrupt";
            return false;
        }
    }

    private static bool TryReadDocument(ReadOnlySpan<byte> json, [NotNullWhen(true)] out UserSigTicket? ticket, [NotNullWhen(false)] out string? error)
    {
        ticket = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the userSig's document is not a JSON object";
                return false;
            }

            var fields = default(TicketFields);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                fields.ReadProperty(ref reader);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "the userSig's document has content after its JSON object";
                return false;
            }

            return fields.TryBuild(out ticket, out error);
        }
        catch (JsonException)
        {
            error = "the userSig's document is not valid JSON";
            return false;
        }
    }
}
