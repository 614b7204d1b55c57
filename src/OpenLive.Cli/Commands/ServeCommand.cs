using System.CommandLine;
using Microsoft.Extensions.Hosting;
using OpenLive.Server.Hosting;

namespace OpenLive.Cli.Commands;

/// <summary><c>openlive serve [--dev] [--urls …] [--data DIR] [--media-port N] […]</c>: runs the server in this process.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command(
            "serve",
            "Run the OpenLive server (control plane; HTTP/WebSocket on 127.0.0.1:7880 by default). Flags: --dev (create and print the dev app; loopback only), "
            + "--dev-expose (allow --dev on a non-loopback --urls), --urls URL, --data DIR, --media-port N, --admin-key K (at least 32 random bytes), "
            + "--demo-path DIR (the built demo served at /), --silo-port N, --gateway-port N (none by default), --cluster redis, --cluster-connection HOST:PORT, "
            + "--cluster-cert FILE.pfx and --cluster-ca CA.pem (mutual TLS between nodes), "
            + "--https-cert CERT.pem with --https-key KEY.pem, or --https-pfx FILE.pfx with --https-pfx-password-file FILE (HTTPS on the https:// --urls), "
            + "--https-redirect, --https-hsts, --known-proxies IP[,CIDR] (reverse proxies whose X-Forwarded-For is believed), "
            + "--lan [ADDRESS] (dev mode for a phone on the LAN: HTTPS with a self-signed certificate, media on that address), "
            + "and any OpenLive:* setting as --OpenLive:Name=value.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var app = ServerHost.Build([.. parse.UnmatchedTokens]);
                await app.StartAsync(cancellation).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                // Settings are checked at start: say which ones are wrong, without a stack trace.
                foreach (var failure in e.Failures)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"openlive: invalid setting: {failure}");
                }

                return ExitCodes.UsageError;
            }
            catch (Exception e) when (PortInUse(e) is { } bindFailure)
            {
                // A port taken by another process: one clear line, not a stack trace.
                parse.InvocationConfiguration.Error.WriteLine($"openlive: {bindFailure.Message}");
                return ExitCodes.Conflict;
            }
        });
        return command;
    }

    /// <summary>The outermost exception of a chain that failed because a port could not be bound (HTTP or media), if any.</summary>
    private static Exception? PortInUse(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return e is AggregateException { InnerException: { } first } ? first : e;
            }
        }

        return null;
    }
}
