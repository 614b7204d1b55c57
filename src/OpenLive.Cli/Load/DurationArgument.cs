using System.Globalization;

namespace OpenLive.Cli.Load;

/// <summary>Durations on the command line: a number with a unit (<c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>), or a bare number of seconds.</summary>
internal static class DurationArgument
{
    public static TimeSpan Parse(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') || trimmed.EndsWith('S') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') || trimmed.EndsWith('M') ? (trimmed[..^1], 60.0)
            : trimmed.EndsWith('h') || trimmed.EndsWith('H') ? (trimmed[..^1], 3600.0)
            : (trimmed, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value <= 0 || value * unit > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new CliUsageException($"{option} '{text}' is not a duration: use e.g. 250ms, 5s, 2m or 1h (more than 0, at most a day).");
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
