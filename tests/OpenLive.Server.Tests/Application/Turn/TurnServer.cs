using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLive.Server.Application.Turn;
using OpenLive.Testing;
using OpenLive.Turn;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary>
/// A real server with a coturn-style TURN URL and a STUN URL configured, the secret in an owner-only file
/// (<c>--turn-secret-file</c>), and every log line it writes (down to Trace for OpenLive) captured.
/// </summary>
public sealed class TurnServer : IAsyncLifetime
{
    public const string TurnUrl = "turn:198.51.100.7:3478?transport=udp";
    public const string StunUrl = "stun:198.51.100.7:3478";

    /// <summary>A fresh secret per run, so a match in a log or a frame can only be a leak.</summary>
    public string Secret { get; } = "s3cr3t-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public TestServer Server { get; private set; } = null!;

    public AllLogLines Log { get; } = new();

    private string _secretFile = null!;

    public async ValueTask InitializeAsync()
    {
        _secretFile = Path.Combine(Path.GetTempPath(), "openlive-turn-secret-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(_secretFile, Secret + "\n").ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Server = await TestServer.StartWithServicesAsync(
            services => services.AddSingleton<ILoggerProvider>(Log),
            "--turn-url", TurnUrl, "--OpenLive:Turn:Urls:1=" + StunUrl, "--turn-secret-file", _secretFile,
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:OpenLive=Trace").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        File.Delete(_secretFile);
    }

    /// <summary>True when <paramref name="username"/>/<paramref name="credential"/> is what coturn would accept with the secret.</summary>
    public bool Verifies(string username, string credential) =>
        TurnRestCredentials.Password(Secret, username) == credential;

    /// <summary>Every formatted log line of every category and level.</summary>
    public sealed class AllLogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
