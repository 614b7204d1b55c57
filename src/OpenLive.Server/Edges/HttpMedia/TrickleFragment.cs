namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// What an <c>application/trickle-ice-sdpfrag</c> body says (RFC 8840 §9, used by WHIP/WHEP PATCH, RFC 9725 §4.3.1):
/// the ICE credentials it carries, if any — different ones from the offer's mean an ICE restart — and how many
/// candidates. The SFU is ICE-lite and learns the client's addresses from its checks, so candidates are only counted.
/// <code>
/// a=ice-options:trickle ice2
/// a=group:BUNDLE 0 1
/// m=audio 9 UDP/TLS/RTP/SAVPF 111
/// a=mid:0
/// a=ice-ufrag:EsAw
/// a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
/// a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1
/// a=end-of-candidates
/// </code>
/// </summary>
/// <param name="Ufrag">The <c>a=ice-ufrag</c> value, or null.</param>
/// <param name="Password">The <c>a=ice-pwd</c> value, or null.</param>
/// <param name="Candidates">The number of <c>a=candidate</c> lines.</param>
/// <param name="EndOfCandidates">True when <c>a=end-of-candidates</c> is present.</param>
internal readonly record struct TrickleFragment(string? Ufrag, string? Password, int Candidates, bool EndOfCandidates)
{
    /// <summary>The largest body read (a fragment for one bundled m-line with a few dozen candidates fits many times).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The most lines a fragment may have.</summary>
    public const int MaxLines = 256;

    /// <summary>
    /// Reads a fragment: SDP lines (<c>type=value</c>, CRLF or LF) with at most one ufrag and one password. False, never
    /// an exception, for anything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TrickleFragment fragment)
    {
        fragment = default;
        if (text.Length > MaxLength)
        {
            return false;
        }

        string? ufrag = null, password = null;
        int candidates = 0, lines = 0;
        var end = false;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].TrimEnd('\r');
            if (line.IsEmpty)
            {
                continue;
            }

            if (++lines > MaxLines || line.Length < 2 || !char.IsAsciiLetterLower(line[0]) || line[1] != '=')
            {
                return false;
            }

            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                if (ufrag is not null || !TryToken(line["a=ice-ufrag:".Length..], out ufrag))
                {
                    return false;
                }
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                if (password is not null || !TryToken(line["a=ice-pwd:".Length..], out password))
                {
                    return false;
                }
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                candidates++;
            }
            else if (line.SequenceEqual("a=end-of-candidates"))
            {
                end = true;
            }
        }

        fragment = new TrickleFragment(ufrag, password, candidates, end);
        return true;
    }

    /// <summary>An ice-char token (RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/"), 1-256 characters.</summary>
    private static bool TryToken(ReadOnlySpan<char> value, [NotNullWhen(true)] out string? token)
    {
        token = null;
        if (value.IsEmpty || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/'))
            {
                return false;
            }
        }

        token = value.ToString();
        return true;
    }
}
