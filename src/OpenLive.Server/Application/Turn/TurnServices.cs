using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenLive.Server.Application.Turn;

/// <summary>Registers <c>OpenLive:Turn</c>: the validated options, the configured URLs as an <see cref="IIceServerSource"/>, the issuer.</summary>
internal static class TurnServices
{
    public static IServiceCollection AddTurnCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TurnOptions>().Bind(configuration.GetSection(TurnOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TurnOptions>, TurnOptionsValidator>();
        services.AddSingleton<IIceServerSource, ConfiguredIceServers>();
        services.AddSingleton<TurnCredentialIssuer>();
        return services;
    }
}
