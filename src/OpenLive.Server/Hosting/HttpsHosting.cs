using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Hosting;

/// <summary>What HTTPS the node was built with: Kestrel's certificate (none behind a proxy) and <c>--lan</c>'s address.</summary>
internal sealed record HttpsSetup(HttpsCertificate? Certificate, LanMode? Lan)
{
    /// <summary>The banner's lines after the HTTP one: the certificate in use and, with <c>--lan</c>, the URL for the phone.</summary>
    public IEnumerable<string> BannerLines(IEnumerable<string> listening)
    {
        if (Lan is { } lan)
        {
            var url = listening.FirstOrDefault(a => a.StartsWith(lan.ListenUrl(0)[..^1], StringComparison.Ordinal)) ?? lan.ListenUrl(0);
            yield return $"  LAN:       open {StartupBanner.BrowsableUrl(url)}/ on a phone on the same network (self-signed: accept the warning once)";
            yield return $"  TLS:       {lan.CertificatePath} (self-signed for {lan.Address}), SHA-256 {lan.Fingerprint}";
        }
        else if (Certificate is { } certificate)
        {
            yield return $"  TLS:       {certificate.Leaf.Subject}, until {certificate.Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}, SHA-256 {HttpsCertificates.Fingerprint(certificate.Leaf)}";
        }
    }
}

/// <summary>
/// HTTPS on Kestrel (a PEM pair, a PFX, or <c>--lan</c>'s self-signed certificate), the HTTP→HTTPS redirect and HSTS
/// when asked, and <c>X-Forwarded-*</c> believed from the configured reverse proxies only.
/// </summary>
internal static partial class HttpsHosting
{
    /// <summary>Flags that take no value become <c>=true</c>; <c>--lan</c> alone becomes <c>--lan=auto</c> (its address is optional).</summary>
    public static string[] ExpandFlags(string[] args)
    {
        var expanded = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--https-redirect" or "--https-hsts")
            {
                expanded.Add(arg + "=true");
            }
            else if (arg == "--lan" && (i + 1 == args.Length || args[i + 1].StartsWith('-')))
            {
                expanded.Add("--lan=auto");
            }
            else
            {
                expanded.Add(arg);
            }
        }

        return [.. expanded];
    }

    /// <summary>
    /// Sets Kestrel's certificate and, with <c>--lan</c>, the LAN listen URL, the dev-expose consent and the media
    /// addresses; the listen URLs as they now are. Throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// with what to fix.
    /// </summary>
    public static string Configure(WebApplicationBuilder builder, ServerOptions options, string urls)
    {
        LanMode? lan = null;
        if (!string.IsNullOrWhiteSpace(options.Lan) && options.Lan is not "false")
        {
            lan = LanMode.Prepare(options.Lan, options.DataDirectory, TimeProvider.System);
            var first = ListenUrls.Split(urls).FirstOrDefault();
            var port = first is not null && Uri.TryCreate(first.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : 7880;
            urls = $"{urls};{lan.ListenUrl(port)}";
            builder.WebHost.UseUrls(ListenUrls.Split(urls));
            // --lan is the operator's consent to dev mode on the LAN (the banner still warns), and media goes where the
            // phone can reach it, unless the media settings say otherwise.
            options.DevExpose = true;
            var settings = new Dictionary<string, string?> { [$"{ServerOptions.Section}:{nameof(ServerOptions.DevExpose)}"] = "true" };
            if (string.IsNullOrEmpty(builder.Configuration[$"{ServerHost.MediaSection}:BindAddress"])
                && !builder.Configuration.GetSection($"{ServerHost.MediaSection}:BindAddresses").GetChildren().Any())
            {
                settings[$"{ServerHost.MediaSection}:BindAddress"] = lan.Address.ToString();
            }

            if (!builder.Configuration.GetSection($"{ServerHost.MediaSection}:AnnouncedAddresses").GetChildren().Any())
            {
                settings[$"{ServerHost.MediaSection}:AnnouncedAddresses:0"] = lan.Address.ToString();
            }

            builder.Configuration.AddInMemoryCollection(settings);
        }

        var https = options.Https;
        var certificate = https.HasCertificate || !string.IsNullOrWhiteSpace(https.KeyPath) ? HttpsCertificates.Load(https) : null;
        var leaf = certificate?.Leaf ?? lan?.Certificate;
        var secureUrls = ListenUrls.Split(urls).Where(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (leaf is null && secureUrls.Length > 0 && !builder.Configuration.GetSection("Kestrel:Certificates:Default").Exists())
        {
            throw HttpsCertificates.Invalid($"{string.Join(", ", secureUrls)} needs a certificate: --https-cert FILE.pem with --https-key KEY.pem, or --https-pfx FILE.pfx.");
        }

        if (https.RedirectHttp && secureUrls.Length == 0)
        {
            throw HttpsCertificates.Invalid("--https-redirect needs an https:// URL in --urls to redirect to (behind nginx, nginx redirects port 80 itself).");
        }

        _ = ParseProxies(https.KnownProxies); // a bad entry stops the start, not the first request
        if (leaf is not null)
        {
            var chain = certificate?.Chain ?? [];
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(defaults =>
            {
                defaults.ServerCertificate = leaf;
                defaults.ServerCertificateChain = chain;
            }));
        }

        var setup = new HttpsSetup(certificate, lan);
        builder.Services.AddSingleton(setup);
        builder.Services.AddHostedService<HttpsValidityCheck>();
        if (https.Hsts)
        {
            builder.Services.AddHsts(hsts =>
            {
                hsts.MaxAge = TimeSpan.FromDays(365);
                hsts.IncludeSubDomains = false;
            });
        }

        return urls;
    }

    /// <summary>The first middleware: proxies' headers (so per-IP limits see the client), then HSTS and the redirect when asked.</summary>
    public static void UsePipeline(WebApplication app, HttpsOptions https)
    {
        var proxies = ParseProxies(https.KnownProxies);
        if (proxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                // One proxy: only the address it appended (or set) is taken; anything a client wrote before it is not.
                ForwardLimit = 1,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownIPNetworks.Add(proxy);
            }

            app.UseForwardedHeaders(forwarded);
        }

        if (https.Hsts)
        {
            app.UseHsts();
        }

        if (https.RedirectHttp)
        {
            // Health probes (load balancers, systemd, the tests) keep answering on plain HTTP.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal), branch => branch.UseHttpsRedirection());
        }
    }

    /// <summary><c>--known-proxies</c>: comma-separated addresses (one host) or CIDR networks.</summary>
    internal static List<System.Net.IPNetwork> ParseProxies(string? value)
    {
        var proxies = new List<System.Net.IPNetwork>();
        foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                proxies.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw HttpsCertificates.Invalid($"--known-proxies: '{entry}' is neither an IP address nor a CIDR network (e.g. 127.0.0.1,10.0.0.0/24).");
            }
        }

        return proxies;
    }
}

/// <summary>Warns at every start when Kestrel's certificate is expired or not yet valid (it still starts: the operator may be renewing it).</summary>
internal sealed partial class HttpsValidityCheck(HttpsSetup setup, [FromKeyedServices(ServerClock.Key)] TimeProvider clock, ILogger<HttpsValidityCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (setup.Certificate is { } certificate && HttpsCertificates.ValidityProblem(certificate.Leaf, clock.GetUtcNow()) is { } problem)
        {
            LogInvalidCertificate(logger, certificate.Leaf.Subject, problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "HTTPS certificate {Subject} is {Problem}; renew it (--https-cert/--https-key or --https-pfx)")]
    private static partial void LogInvalidCertificate(ILogger logger, string subject, string problem);
}
