using Microsoft.Extensions.Options;

namespace OpenLive.Server.Application.Turn;

/// <summary>Validates <see cref="TurnOptions"/> at startup (source-generated from the data annotations and <see cref="TurnOptions.Validate"/>).</summary>
[OptionsValidator]
internal sealed partial class TurnOptionsValidator : IValidateOptions<TurnOptions>;
