using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>The server's own log entries that carry an exception or are errors, captured from a running test server.</summary>
internal sealed class CapturedServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _failures = new();

    public IReadOnlyCollection<string> Failures => _failures;

    public static CapturedServerLog Attach(TestServer server)
    {
        var log = new CapturedServerLog();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        return log;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedServerLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("OpenLive", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && (exception is not null || logLevel >= LogLevel.Error))
            {
                owner._failures.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
            }
        }
    }
}
