using System.Globalization;
using Microsoft.Extensions.Options;
using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Checks <see cref="LiveOutputOptions"/> at start: the data annotations, an HLS directory ffmpeg can take, app keys that
/// are sdkAppIds, and every RTMP URL as <see cref="RtmpOutputTarget.TryCreate"/> accepts it. A message never repeats a
/// URL (it holds a stream key).
/// </summary>
internal sealed class LiveOutputOptionsValidator : IValidateOptions<LiveOutputOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOutputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{LiveOutputOptions.Section}: {r.ErrorMessage}"));
        }

        if (options.HlsDirectory is { Length: > 0 } hls && (hls.Contains('%', StringComparison.Ordinal) || hls.Any(char.IsControl)))
        {
            failures.Add($"{LiveOutputOptions.Section}:HlsDirectory must not contain '%' or control characters (ffmpeg expands %d in segment file names).");
        }

        foreach (var (key, app) in options.Apps)
        {
            if (!uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{LiveOutputOptions.Section}:Apps:{key}: the key must be an sdkAppId (digits).");
                continue;
            }

            if (app.RtmpUrls.Count > LiveOutputOptions.MaxRtmpUrlsPerApp)
            {
                failures.Add($"{LiveOutputOptions.Section}:Apps:{key}:RtmpUrls: at most {LiveOutputOptions.MaxRtmpUrlsPerApp} ingest URLs per app.");
            }

            for (var i = 0; i < app.RtmpUrls.Count; i++)
            {
                if (!RtmpOutputTarget.TryCreate(app.RtmpUrls[i], out _, out var problem))
                {
                    failures.Add($"{LiveOutputOptions.Section}:Apps:{key}:RtmpUrls:{i}: {problem}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
