using OpenLive.Core.Errors;
using OpenLive.Testing;

namespace OpenLive.Core.Tests.Errors;

/// <summary>The catalog is the spec (the repository's <c>spec/</c> tables): same codes, names, numbers and texts in both languages, nothing missing, nothing invented.</summary>
public sealed class ErrorCatalogSpecTests
{
    private static readonly IReadOnlyList<SpecTable.Row> English = SpecTable.Read(Path.Combine(RepoPaths.Spec, "ilivesdk-error-codes.en.md"));
    private static readonly IReadOnlyList<SpecTable.Row> Chinese = SpecTable.Read(Path.Combine(RepoPaths.Spec, "ilivesdk-error-codes.zh.md"));

    [Fact]
    public void Spec_HasTheSeedCounts()
    {
        Assert.Equal(22, English.Count(r => r.Module == ErrorModule.ILiveSDK));
        Assert.Equal(36, English.Count(r => r.Module == ErrorModule.AVSDK));
        Assert.Equal(English.Count, Chinese.Count);
    }

    [Fact]
    public void Catalog_MatchesEnglishTable_RowForRow() => AssertRowForRow(English, e => e.Description.En, e => e.Reason?.En);

    [Fact]
    public void Catalog_MatchesChineseTable_RowForRow() => AssertRowForRow(Chinese, e => e.Description.Zh, e => e.Reason?.Zh);

    private static void AssertRowForRow(IReadOnlyList<SpecTable.Row> table, Func<LiveErrorInfo, string> description, Func<LiveErrorInfo, string?> reason)
    {
        Assert.Equal(table.Count, ErrorCatalog.All.Count);
        for (var i = 0; i < table.Count; i++)
        {
            var spec = table[i];
            var entry = ErrorCatalog.All[i];
            Assert.Equal(spec.Module, entry.Module);
            Assert.Equal(spec.Name, entry.ConstantName);
            Assert.Equal(spec.Code, entry.Code);
            Assert.Equal(spec.Description, description(entry));
            Assert.Equal(spec.Reason, reason(entry));
        }
    }

    [Fact]
    public void TypedEnums_CoverExactlyTheTables()
    {
        var iLive = Enum.GetValues<ILiveErrorCode>().Select(c => (int)c).Order().ToArray();
        var av = Enum.GetValues<AVErrorCode>().Select(c => (int)c).Order().ToArray();
        Assert.Equal(English.Where(r => r.Module == ErrorModule.ILiveSDK).Select(r => r.Code).Order(), iLive);
        Assert.Equal(English.Where(r => r.Module == ErrorModule.AVSDK).Select(r => r.Code).Order(), av);
        foreach (var code in Enum.GetValues<ILiveErrorCode>())
        {
            Assert.Equal(code.ToString(), ErrorCatalog.Get(code).Name);
        }

        foreach (var code in Enum.GetValues<AVErrorCode>())
        {
            Assert.Equal(code.ToString(), ErrorCatalog.Get(code).Name);
        }
    }

    [Fact]
    public void EveryEntry_ExplainsItself_InBothLanguages()
    {
        foreach (var entry in ErrorCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Cause.En), entry.ConstantName);
            Assert.False(string.IsNullOrWhiteSpace(entry.Cause.Zh), entry.ConstantName);
            Assert.False(string.IsNullOrWhiteSpace(entry.Action.En), entry.ConstantName);
            Assert.False(string.IsNullOrWhiteSpace(entry.Action.Zh), entry.ConstantName);
        }
    }

    [Fact]
    public void ComparisonIsExact_OneCharacterOffIsCaught()
    {
        // The row comparison above is ordinal; prove the reader would expose a single-character change.
        var text = File.ReadAllText(Path.Combine(RepoPaths.Spec, "ilivesdk-error-codes.en.md"));
        var altered = Path.Combine(Path.GetTempPath(), $"openlive-spec-{Guid.NewGuid():N}.md");
        File.WriteAllText(altered, text.Replace("ERR_KICK_OUT", "ERR_KICK_0UT", StringComparison.Ordinal).Replace("| 8051 ", "| 8O51 ", StringComparison.Ordinal));
        try
        {
            var rows = SpecTable.Read(altered);
            Assert.Contains(rows, r => r.Name == "ERR_KICK_0UT");
            Assert.DoesNotContain(ErrorCatalog.All, e => e.ConstantName == "ERR_KICK_0UT");
            Assert.DoesNotContain(rows, r => r.Name == "ERR_EXPIRE"); // "8O51" is not a number: the row vanishes and the count check fails
        }
        finally
        {
            File.Delete(altered);
        }
    }
}
