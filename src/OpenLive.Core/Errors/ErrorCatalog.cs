using System.Collections.Frozen;
using System.Globalization;

namespace OpenLive.Core.Errors;

/// <summary>
/// Every code of the iLiveSDK and AVSDK tables (the contract in the repository's <c>spec/</c>), looked up by code or name.
/// </summary>
public static partial class ErrorCatalog
{
    private static readonly LiveErrorInfo[] s_entries = CreateEntries();

    private static readonly FrozenDictionary<(ErrorModule Module, int Code), LiveErrorInfo> s_byCode =
        s_entries.ToFrozenDictionary(e => (e.Module, e.Code));

    // Both spellings resolve: the table's constant (ERR_EXPIRE) and the .NET name (Expire).
    private static readonly FrozenDictionary<string, LiveErrorInfo> s_byName = BuildNameIndex();

    /// <summary>All entries in table order: the ILiveSDK table, then the AVSDK table.</summary>
    public static IReadOnlyList<LiveErrorInfo> All => s_entries;

    /// <summary>The entry of an ILiveSDK code.</summary>
    public static LiveErrorInfo Get(ILiveErrorCode code) => GetDefined(ErrorModule.ILiveSDK, (int)code);

    /// <summary>The entry of an AVSDK code.</summary>
    public static LiveErrorInfo Get(AVErrorCode code) => GetDefined(ErrorModule.AVSDK, (int)code);

    /// <summary>Looks up a code of a module; false for codes outside the seed tables (e.g. IMSDK codes).</summary>
    public static bool TryGet(ErrorModule module, int code, [NotNullWhen(true)] out LiveErrorInfo? info) =>
        s_byCode.TryGetValue((module, code), out info);

    /// <summary>Looks up by constant name (<c>ERR_EXPIRE</c>) or .NET name (<c>Expire</c>), ignoring case.</summary>
    public static bool TryGetByName(string name, [NotNullWhen(true)] out LiveErrorInfo? info)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_byName.TryGetValue(name.Trim(), out info);
    }

    /// <summary>
    /// Resolves what a person typed: a number (in any module that has it) or a name.
    /// Returns an empty list when nothing matches.
    /// </summary>
    public static IReadOnlyList<LiveErrorInfo> Find(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.Trim();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
        {
            var matches = new List<LiveErrorInfo>(2);
            foreach (var entry in s_entries)
            {
                if (entry.Code == code)
                {
                    matches.Add(entry);
                }
            }

            return matches;
        }

        return TryGetByName(text, out var info) ? [info] : [];
    }

    /// <summary>The original constant name of an ILiveSDK code (e.g. <c>ERR_KICK_OUT</c>).</summary>
    public static string ConstantName(this ILiveErrorCode code) => Get(code).ConstantName;

    /// <summary>The original constant name of an AVSDK code (e.g. <c>AV_ERR_SERVER_NO_PERMISSION</c>).</summary>
    public static string ConstantName(this AVErrorCode code) => Get(code).ConstantName;

    private static LiveErrorInfo GetDefined(ErrorModule module, int code) =>
        s_byCode.TryGetValue((module, code), out var info)
            ? info
            : throw new ArgumentOutOfRangeException(nameof(code), code, $"{module.ToModuleString()} has no code {code}.");

    private static FrozenDictionary<string, LiveErrorInfo> BuildNameIndex()
    {
        var index = new Dictionary<string, LiveErrorInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in s_entries)
        {
            index.Add(entry.ConstantName, entry);
            // .NET names repeat across modules only for different meanings (Timeout, Failed); the constant name is unambiguous.
            index.TryAdd(entry.Name, entry);
        }

        return index.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
