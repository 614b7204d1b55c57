using System.Diagnostics;

namespace OpenLive.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster owned by the test: initdb into a temporary directory, started on a free loopback port
/// with trust authentication, removed on dispose. Runs the server binaries as the <c>postgres</c> user when the tests
/// run as root (PostgreSQL refuses root). ./test.sh installs the Debian package.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PostgresServer(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=openlive;Database=postgres;Pooling=true;Maximum Pool Size=20";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed; ./test.sh installs it (apt package postgresql).");
        }

        var data = Path.Combine(Path.GetTempPath(), "openlive-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = TestServer.FreePort();
        var server = new PostgresServer(bin, data, port);
        await RunAsync("chown", ["postgres:postgres", data], asPostgres: false, onlyAsRoot: true).ConfigureAwait(false);
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "openlive", "--no-sync"], asPostgres: true).ConfigureAwait(false);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(data, "log"), "-w", "-o", $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=on", "start"], asPostgres: true).ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "stop"], asPostgres: true).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_data, recursive: true);
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres, bool onlyAsRoot = false)
    {
        var root = Environment.UserName == "root";
        if (onlyAsRoot && !root)
        {
            return;
        }

        var info = asPostgres && root
            ? new ProcessStartInfo("su") { ArgumentList = { "postgres", "-s", "/bin/sh", "-c", string.Join(' ', new[] { file }.Concat(args).Select(Quote)) } }
            : new ProcessStartInfo(file);
        if (!(asPostgres && root))
        {
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}");
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
