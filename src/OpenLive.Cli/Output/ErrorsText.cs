using OpenLive.Core.Errors;

namespace OpenLive.Cli.Output;

/// <summary>Plain-text renderings of catalog entries for a terminal.</summary>
internal static class ErrorsText
{
    public static void WriteTable(TextWriter output, IReadOnlyList<LiveErrorInfo> entries, ErrorLanguage language)
    {
        var nameWidth = 0;
        foreach (var entry in entries)
        {
            nameWidth = Math.Max(nameWidth, entry.ConstantName.Length);
        }

        output.WriteLine($"{"MODULE",-9} {"CODE",6}  {"NAME".PadRight(nameWidth)}  DESCRIPTION");
        foreach (var entry in entries)
        {
            output.WriteLine($"{entry.ModuleString,-9} {entry.Code,6}  {entry.ConstantName.PadRight(nameWidth)}  {entry.Description.Get(language)}");
        }
    }

    public static void WriteDetails(TextWriter output, IReadOnlyList<LiveErrorInfo> entries, ErrorLanguage language)
    {
        var zh = language == ErrorLanguage.Chinese;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (i > 0)
            {
                output.WriteLine();
            }

            output.WriteLine($"{entry.ModuleString} {entry.Code} {entry.ConstantName}  (.NET: {(entry.Module == ErrorModule.AVSDK ? "AVErrorCode" : "ILiveErrorCode")}.{entry.Name})");
            output.WriteLine($"  {(zh ? "描述" : "Text")}:        {entry.Description.Get(language)}");
            if (entry.Reason is { } reason)
            {
                output.WriteLine($"  {(zh ? "原因" : "Reason")}:      {reason.Get(language)}");
            }

            output.WriteLine($"  {(zh ? "OpenLive中" : "In OpenLive")}: {entry.Cause.Get(language)}");
            output.WriteLine($"  {(zh ? "处理" : "What to do")}:  {entry.Action.Get(language)}");
        }
    }
}
