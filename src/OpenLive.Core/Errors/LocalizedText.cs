namespace OpenLive.Core.Errors;

/// <summary>The languages the error tables are published in.</summary>
public enum ErrorLanguage
{
    /// <summary>English (the <c>.en.md</c> table).</summary>
    English,

    /// <summary>Simplified Chinese (the <c>.zh.md</c> table).</summary>
    Chinese,
}

/// <summary>One text in both languages of the error tables.</summary>
/// <param name="En">English text.</param>
/// <param name="Zh">Simplified Chinese text.</param>
public sealed record LocalizedText(string En, string Zh)
{
    /// <summary>The text in <paramref name="language"/>.</summary>
    public string Get(ErrorLanguage language) => language == ErrorLanguage.Chinese ? Zh : En;
}
