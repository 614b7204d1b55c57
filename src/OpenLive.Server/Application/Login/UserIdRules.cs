using System.Globalization;
using System.Text;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// What a user id may be: 1–32 UTF-8 bytes (Tencent's limit) of visible characters, so ids are safe in logs, URLs and
/// grain keys and one user cannot pass for another. Refused: whitespace, '/', control (Cc), format (Cf: zero-width
/// characters, bidi overrides and isolates, the soft hyphen), private-use (Co), unassigned (Cn) and unpaired surrogate
/// code points, the other default-ignorable ones (variation selectors, fillers); ids that are not in NFC or that NFKC
/// would change (fullwidth letters, ligatures); ids that mix Latin, Greek and Cyrillic letters (the confusables of
/// UTS #39's mixed-script check that matter for ids like "аdministrator"). Ids are refused, never normalized: the
/// userSig signs the exact identifier, and a silently changed id would be another user.
/// </summary>
internal static class UserIdRules
{
    public const int MaxBytes = 32;

    /// <summary>The sender of system messages from the admin API; no client may log in as it.</summary>
    public const string Administrator = "administrator";

    [Flags]
    private enum Scripts
    {
        None = 0,
        Latin = 1,
        Greek = 2,
        Cyrillic = 4,
    }

    public static bool IsValid([NotNullWhen(true)] string? userId, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(userId))
        {
            problem = "the user id is empty";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(userId) > MaxBytes)
        {
            problem = $"the user id is longer than {MaxBytes} UTF-8 bytes";
            return false;
        }

        var scripts = Scripts.None;
        for (var i = 0; i < userId.Length; i++)
        {
            if (!Rune.TryGetRuneAt(userId, i, out var rune))
            {
                problem = $"the user id contains an unpaired surrogate at index {i}";
                return false;
            }

            if (rune.IsBmp is false)
            {
                i++; // the low surrogate
            }

            if (InvisibleOrUnassigned(rune) is { } kind)
            {
                problem = $"the user id contains {kind} (U+{rune.Value:X4}); use visible characters only";
                return false;
            }

            if (rune.Value == '/')
            {
                problem = "the user id contains '/'";
                return false;
            }

            scripts |= ScriptOf(rune);
        }

        // Invariant globalization makes string.IsNormalized answer true for anything: the check is ours.
        if (UnicodeNormalization.Problem(userId) is { } notNormalized)
        {
            problem = $"the user id is not in Unicode NFC/NFKC: {notNormalized}; send it precomposed, without compatibility forms";
            return false;
        }

        if ((scripts & (scripts - 1)) != 0)
        {
            problem = "the user id mixes Latin, Greek and Cyrillic letters (a look-alike of another id)";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Why <paramref name="rune"/> cannot be seen or has no meaning yet; null for a visible, assigned one.</summary>
    private static string? InvisibleOrUnassigned(Rune rune)
    {
        var kind = Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => "a control character",
            UnicodeCategory.Format => "an invisible format character",
            UnicodeCategory.PrivateUse => "a private-use character",
            UnicodeCategory.OtherNotAssigned => "an unassigned code point",
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "whitespace",
            _ => null,
        };
        if (kind is not null || Rune.IsWhiteSpace(rune))
        {
            return kind ?? "whitespace";
        }

        // Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties) beyond Cf: rendered as nothing.
        return rune.Value switch
        {
            0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0 => "an invisible character",
            >= 0x180B and <= 0x180F => "a variation selector",
            >= 0xFE00 and <= 0xFE0F => "a variation selector",
            >= 0xE0100 and <= 0xE01EF => "a variation selector",
            _ => null,
        };
    }

    /// <summary>The script of a letter among the three whose letters are confused with each other; None for the rest.</summary>
    private static Scripts ScriptOf(Rune rune)
    {
        if (!Rune.IsLetter(rune))
        {
            return Scripts.None;
        }

        return rune.Value switch
        {
            <= 0x024F or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F) => Scripts.Latin,
            (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => Scripts.Greek,
            (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => Scripts.Cyrillic,
            _ => Scripts.None,
        };
    }
}
