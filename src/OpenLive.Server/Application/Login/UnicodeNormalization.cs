using System.Text;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// Whether a string is in NFC and NFKC without normalizing it: the server runs with invariant globalization, where
/// <see cref="string.IsNormalized()"/> answers true for anything, so this is UAX #15's quick check done with
/// <see cref="UnicodeNormalizationData"/>, with the "maybe" answers settled by the composition they would undergo.
/// It errs only towards "not normalized" (a mark after a precomposed letter whose own mark ranks higher), never the
/// other way; code points newer than the tables' Unicode version are not known to it.
/// </summary>
internal static class UnicodeNormalization
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28, HangulSCount = 11172;

    /// <summary>The reason <paramref name="text"/> is not in NFC or not in NFKC; null when it is in both.</summary>
    public static string? Problem(string text)
    {
        var previous = -1;
        var previousTrailingCcc = 0;
        var starter = -1; // the last code point of class 0, a composition candidate for what follows
        var highestCccSinceStarter = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var cp = rune.Value;
            if (InRanges(UnicodeNormalizationData.NfkcNo, cp))
            {
                return $"U+{cp:X4} is a compatibility or decomposed form (not in NFC/NFKC)";
            }

            var ccc = Lookup(UnicodeNormalizationData.Ccc, cp);
            if (ccc != 0 && previousTrailingCcc > ccc)
            {
                return $"the combining marks before U+{cp:X4} are not in canonical order (not in NFC)";
            }

            if (InRanges(UnicodeNormalizationData.Maybe, cp) && starter >= 0
                && (previous == starter || (ccc != 0 && highestCccSinceStarter < ccc))
                && Composes(starter, cp))
            {
                return $"U+{starter:X4} followed by U+{cp:X4} has a precomposed form (not in NFC)";
            }

            if (ccc == 0)
            {
                starter = cp;
                highestCccSinceStarter = 0;
                previousTrailingCcc = Lookup(UnicodeNormalizationData.TrailingCcc, cp);
            }
            else
            {
                highestCccSinceStarter = Math.Max(highestCccSinceStarter, ccc);
                previousTrailingCcc = ccc;
            }

            previous = cp;
        }

        return null;
    }

    private static bool Composes(int first, int second)
    {
        // Hangul composes by arithmetic, not by table: L + V makes an LV syllable, LV + T an LVT one.
        if (first is >= HangulLBase and < HangulLBase + HangulLCount && second is >= HangulVBase and < HangulVBase + HangulVCount)
        {
            return true;
        }

        if (first is >= HangulSBase and < HangulSBase + HangulSCount && (first - HangulSBase) % HangulTCount == 0
            && second is > HangulTBase and < HangulTBase + HangulTCount)
        {
            return true;
        }

        var key = ((ulong)(uint)first << 21) | (uint)second;
        return UnicodeNormalizationData.Compositions.BinarySearch(key) >= 0;
    }

    /// <summary>Whether <paramref name="cp"/> is in one of the sorted (first, last) <paramref name="pairs"/>.</summary>
    private static bool InRanges(ReadOnlySpan<uint> pairs, int cp)
    {
        int low = 0, high = (pairs.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if ((uint)cp < pairs[middle * 2])
            {
                high = middle - 1;
            }
            else if ((uint)cp > pairs[(middle * 2) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value of the sorted (first, last, value) <paramref name="triples"/> range holding <paramref name="cp"/>; 0 outside them.</summary>
    private static int Lookup(ReadOnlySpan<uint> triples, int cp)
    {
        int low = 0, high = (triples.Length / 3) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if ((uint)cp < triples[middle * 3])
            {
                high = middle - 1;
            }
            else if ((uint)cp > triples[(middle * 3) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return (int)triples[(middle * 3) + 2];
            }
        }

        return 0;
    }
}
