using System.Text.RegularExpressions;
using OpenLive.Core.Errors;

namespace OpenLive.Core.Tests.Errors;

/// <summary>
/// Reads the error tables of spec/ independently of the catalog: every Markdown table row whose second cell is
/// a number, attributed to the module of the heading above it.
/// </summary>
internal static partial class SpecTable
{
    public sealed record Row(ErrorModule Module, string Name, int Code, string Description, string? Reason);

    public static IReadOnlyList<Row> Read(string path)
    {
        var rows = new List<Row>();
        ErrorModule? module = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                module = line.Contains("AVSDK", StringComparison.Ordinal) ? ErrorModule.AVSDK
                    : line.Contains("iLiveSDK", StringComparison.Ordinal) ? ErrorModule.ILiveSDK
                    : null;
                continue;
            }

            if (module is null || !line.Contains('|', StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 3 || !Number().IsMatch(cells[1]))
            {
                continue; // header or alignment row
            }

            rows.Add(new Row(module.Value, cells[0], int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture), cells[2], cells.Length > 3 ? cells[3] : null));
        }

        return rows;
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Number();
}
