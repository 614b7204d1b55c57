using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary>
/// A real coturn (<c>/usr/bin/turnserver</c>) on a free loopback port, configured as docs/operations.md tells an
/// operator to (<c>use-auth-secret</c> + <c>static-auth-secret</c>), its config, database and log in a directory of its
/// own, stopped (and its directory deleted) on dispose.
/// </summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string Realm = "openlive.test";

    private readonly Process _process;
    private readonly string _directory;

    private Coturn(Process process, string directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public string LogText => Directory.GetFiles(_directory, "turn*.log").Select(File.ReadAllText).FirstOrDefault() ?? string.Empty;

    public static async Task<Coturn> StartAsync(string secret)
    {
        const string Binary = "/usr/bin/turnserver";
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's coturn package (./test.sh does)");
        var directory = Directory.CreateTempSubdirectory("openlive-coturn-").FullName;
        var port = TestServer.FreePort();
        var config = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(config, $"""
            listening-ip=127.0.0.1
            relay-ip=127.0.0.1
            listening-port={port}
            use-auth-secret
            static-auth-secret={secret}
            realm={Realm}
            no-tls
            no-dtls
            no-cli
            no-multicast-peers
            userdb={Path.Combine(directory, "turndb")}
            pidfile={Path.Combine(directory, "turnserver.pid")}
            log-file={Path.Combine(directory, "turn.log")}
            simple-log
            """).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the secret
        }

        var process = Process.Start(new ProcessStartInfo(Binary, ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var coturn = new Coturn(process, directory, new IPEndPoint(IPAddress.Loopback, port));
        await coturn.WaitUntilAnsweringAsync().ConfigureAwait(false);
        return coturn;
    }

    /// <summary>Waits until an unauthenticated Allocate is answered (with its 401 challenge): coturn is listening.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string last = "nothing sent yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}: {LogText}");
            }

            try
            {
                var outcome = await TurnAllocation.TryAsync(Endpoint, "probe", "probe", TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
                if (outcome.ErrorCode == 401)
                {
                    return;
                }

                last = outcome.ToString();
            }
            catch (SocketException e)
            {
                last = e.Message;
            }
            catch (TimeoutException)
            {
                last = "no answer within 500 ms";
            }
        }

        throw new TimeoutException($"coturn on {Endpoint} did not answer within 15 s; last: {last}; log: {LogText}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
