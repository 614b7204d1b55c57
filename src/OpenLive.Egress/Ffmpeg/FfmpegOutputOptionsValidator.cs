using Microsoft.Extensions.Options;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>Validates <see cref="FfmpegOutputOptions"/> (source-generated from the data annotations and <see cref="FfmpegOutputOptions.Validate"/>).</summary>
[OptionsValidator]
public sealed partial class FfmpegOutputOptionsValidator : IValidateOptions<FfmpegOutputOptions>;
