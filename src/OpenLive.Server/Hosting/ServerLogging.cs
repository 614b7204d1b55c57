using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace OpenLive.Server.Hosting;

/// <summary>
/// Default log levels: the frameworks' categories at Warning, everything else (OpenLive's own) at Information. At
/// Information, Orleans alone prints some 200 lines of its configuration at every start, which buried the startup
/// banner. They are defaults only: any configuration source (command line, environment, appsettings) overrides them,
/// e.g. <c>--Logging:LogLevel:Orleans=Information</c> or <c>Logging__LogLevel__Default=Warning</c>.
/// </summary>
internal static class ServerLogging
{
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning", // Orleans' placement retries log each attempt at Information
        ["Logging:LogLevel:Npgsql"] = "Warning",
        ["Logging:LogLevel:StackExchange"] = "Warning",

        // Categories that write request URLs (query strings with ?privateMapKey=, WHIP/WHEP resource ids, webhook
        // URLs): pinned at Warning by name, so that turning the frameworks up (Microsoft=Information) keeps secrets
        // out of the log. Only naming one of them explicitly brings its lines back.
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    /// <summary>Adds the defaults as the first configuration source, so that every other source wins over them.</summary>
    public static void AddDefaults(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
    }
}
