namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// The Opus packets of an Ogg Opus file (RFC 7845) as ffmpeg's libopus writes it: pages (RFC 3533) whose segment
/// tables join lacing values into packets; the first two packets (OpusHead, OpusTags) are headers, the rest audio.
/// A test helper over a trusted local file: it checks what it needs and throws on anything else.
/// </summary>
internal static class OggOpusPackets
{
    public static List<byte[]> Read(byte[] ogg)
    {
        var packets = new List<byte[]>();
        var current = new List<byte>();
        var at = 0;
        while (at + 27 <= ogg.Length)
        {
            if (ogg[at] != 'O' || ogg[at + 1] != 'g' || ogg[at + 2] != 'g' || ogg[at + 3] != 'S')
            {
                throw new InvalidDataException($"no Ogg page at {at}");
            }

            var segments = ogg[at + 26];
            var body = at + 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                var lacing = ogg[at + 27 + i];
                current.AddRange(ogg.AsSpan(body, lacing).ToArray());
                body += lacing;
                if (lacing < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            at = body;
        }

        if (packets.Count < 2 || !packets[0].AsSpan().StartsWith("OpusHead"u8) || !packets[1].AsSpan().StartsWith("OpusTags"u8))
        {
            throw new InvalidDataException("not an Ogg Opus stream");
        }

        return packets[2..];
    }
}
