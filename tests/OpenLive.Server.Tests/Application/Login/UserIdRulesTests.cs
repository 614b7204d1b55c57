using System.Globalization;
using System.Text;
using CsCheck;
using OpenLive.Server.Application.Login;

namespace OpenLive.Server.Tests.Application.Login;

/// <summary>User ids that look like another user's (invisible, bidi, compatibility or mixed-script characters) are refused.</summary>
public sealed class UserIdRulesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("user_42-b.c@example")]
    [InlineData("张三")]
    [InlineData("müller")] // NFC: the precomposed ü
    [InlineData("ωμέγα_7")]
    [InlineData("иван")]
    [InlineData("😀fan")]
    public void Accepts_PlainIds(string userId)
    {
        Assert.True(UserIdRules.IsValid(userId, out var problem), problem);
    }

    [Theory]
    [InlineData("administrator\u200B", "zero-width space (Cf)")]
    [InlineData("admin\u200Distrator", "zero-width joiner (Cf)")]
    [InlineData("\u202Eadministrator", "right-to-left override (Cf)")]
    [InlineData("alice\u2066", "bidi isolate (Cf)")]
    [InlineData("alice\uFEFF", "byte order mark (Cf)")]
    [InlineData("alice\u00AD", "soft hyphen (Cf)")]
    [InlineData("alice\u034F", "combining grapheme joiner (default-ignorable)")]
    [InlineData("alice\uFE0F", "variation selector (default-ignorable)")]
    [InlineData("alice\u3164", "Hangul filler (default-ignorable)")]
    [InlineData("alice\uE000", "private use (Co)")]
    [InlineData("alice\u0378", "unassigned (Cn)")]
    [InlineData("alice\u0007", "control (Cc)")]
    [InlineData("mu\u0308ller", "not NFC (u + combining diaeresis)")]
    [InlineData("ａｄｍｉｎ", "fullwidth letters (NFKC changes them)")]
    [InlineData("ﬁle", "ligature (NFKC changes it)")]
    [InlineData("аdministrator", "Cyrillic а among Latin letters")]
    [InlineData("Ωmega", "Greek Ω among Latin letters")]
    public void Refuses_InvisibleAndConfusableIds(string userId, string why)
    {
        Assert.False(UserIdRules.IsValid(userId, out var problem), why);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    /// <summary>Built at run time: theory data would turn the unpaired surrogate into U+FFFD on its way to the test.</summary>
    [Fact]
    public void Refuses_UnpairedSurrogates()
    {
        Assert.False(UserIdRules.IsValid("alice" + '\uD800', out _));
        Assert.False(UserIdRules.IsValid('\uDC00' + "bob", out _));
        Assert.True(UserIdRules.IsValid("bob" + char.ConvertFromUtf32(0x1F600), out var problem), problem);
    }

    [Theory]
    [InlineData("\u00E2\u0323", "â + dot below: NFC reorders and composes to ậ")]
    [InlineData("\u1100\u1161", "Hangul L + V: NFC makes the syllable 가")]
    [InlineData("\uAC00\u11A8", "Hangul LV + T: NFC makes 각")]
    [InlineData("a\u0301\u0323", "acute before dot below: not in canonical order")]
    [InlineData("\u212B", "Angstrom sign: a singleton NFC replaces")]
    public void Refuses_IdsThatNormalizationWouldChange(string userId, string why)
    {
        Assert.False(UserIdRules.IsValid(userId, out _), why);
    }

    [Theory]
    [InlineData("\u0B95\u0BBE\u0BB0\u0BCD", "Tamil with a vowel sign that has no precomposed form")]
    [InlineData("\u0E21\u0E31\u0E48\u0E19", "Thai with a vowel and a tone mark")]
    [InlineData("\uAC01", "a precomposed Hangul syllable")]
    [InlineData("\u1EAD", "ậ precomposed")]
    public void Accepts_NormalizedIdsWithCombiningMarks(string userId, string why)
    {
        Assert.True(UserIdRules.IsValid(userId, out var problem), $"{why}: {problem}");
    }

    /// <summary>
    /// Whatever is accepted is NFC and NFKC (checked with ICU: this test assembly, unlike the server, does not run with
    /// invariant globalization) and holds no control, format, private-use, surrogate or unassigned code point.
    /// </summary>
    [Fact]
    public void EveryAcceptedId_IsNfc_WithoutInvisibleOrUnassignedCodePoints()
    {
        Assert.False("mu\u0308ller".IsNormalized(NormalizationForm.FormC), "the oracle needs ICU normalization");
        var interesting = Gen.OneOf(
            Gen.Char['a', 'z'],
            Gen.Char['0', '9'],
            Gen.Char['\u0000', '\u024F'],
            Gen.Char['\u0300', '\u036F'], // combining marks
            Gen.Char['\u0370', '\u052F'], // Greek, Cyrillic
            Gen.Char['\u0B80', '\u0BFF'], // Tamil: vowel signs that compose
            Gen.Char['\u1100', '\u11FF'], // Hangul jamo
            Gen.Char['\u1E00', '\u1EFF'], // precomposed Latin
            Gen.Char['\uAC00', '\uAC60'], // Hangul syllables
            Gen.Char['\u2000', '\u206F'], // general punctuation: zero-width, bidi
            Gen.Char['\uD800', '\uDFFF'], // surrogates, paired or not
            Gen.Char['\uE000', '\uF8FF'], // private use
            Gen.Char['\uFE00', '\uFFFF'], // variation selectors, halfwidth/fullwidth, specials
            Gen.Char);
        Gen.String[interesting, 1, 12].Sample(
            id =>
            {
                if (!UserIdRules.IsValid(id, out _))
                {
                    return;
                }

                Assert.True(id.IsNormalized(NormalizationForm.FormC), $"accepted a non-NFC id {Escape(id)}");
                Assert.True(id.IsNormalized(NormalizationForm.FormKC), $"accepted an id NFKC changes {Escape(id)}");
                for (var i = 0; i < id.Length; i += char.IsSurrogatePair(id, i) ? 2 : 1)
                {
                    Assert.False(char.IsSurrogate(id[i]) && !char.IsSurrogatePair(id, i), $"accepted a lone surrogate in {Escape(id)}");
                    var category = CharUnicodeInfo.GetUnicodeCategory(id, i);
                    Assert.DoesNotContain(category, new[]
                    {
                        UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.PrivateUse,
                        UnicodeCategory.OtherNotAssigned, UnicodeCategory.Surrogate,
                        UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator,
                    });
                }
            },
            iter: 300_000);
    }

    private static string Escape(string id) => string.Concat(id.Select(c => $"\\u{(int)c:X4}"));
}
