using Microsoft.Extensions.Options;

namespace OpenLive.Server.Hosting;

/// <summary>Validates <see cref="ServerOptions"/> at startup (source-generated from the data annotations).</summary>
[OptionsValidator]
internal sealed partial class ServerOptionsValidator : IValidateOptions<ServerOptions>;
