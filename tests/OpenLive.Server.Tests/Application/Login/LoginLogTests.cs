using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Login;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Login;

/// <summary>
/// What a client sends before it is verified (the user id in a login, the identifier inside a forged userSig) reaches
/// the log only escaped and bounded: no log injection, no terminal escape sequences, no megabyte lines.
/// </summary>
public sealed class LoginLogTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Fact]
    public void RefusedLogin_WithAHostileTicketIdentifier_LogsNoRawControlCharacters_AndABoundedLine()
    {
        var log = new CapturingLogger<LoginService>();
        var login = ActivatorUtilities.CreateInstance<LoginService>(shared.Server.Services, log);
        // A ticket signed with the right key for another, hostile identifier: verification fails on the identifier and
        // the refusal's detail quotes it.
        var hostile = "x\r\n2026-01-01 INFO admin logged in\u001b[31mred\u001b[0m\u202Eevil\u0000" + new string('A', 200);
        var sig = new UserSigGenerator(shared.Server.AppId, shared.Server.Key, shared.Server.Clock).GenUserSig(hostile, 3600);

        var refused = Assert.Throws<LiveException>(() => login.Authenticate(shared.Server.AppId, "lt_victim", sig, "test"));

        Assert.Equal(ErrorModule.TLSSDK, refused.ErrorModule);
        var entry = Assert.Single(log.Entries);
        foreach (var text in entry.Values.Append(entry.Message))
        {
            Assert.DoesNotContain(text, c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
        }

        Assert.Contains("\\r\\n", entry.Message, StringComparison.Ordinal); // escaped, still readable
        Assert.True(entry.Message.Length < 400, $"the log line is {entry.Message.Length} characters long");
    }

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<(string Message, string[] Values)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty).ToArray()
                : [];
            Entries.Enqueue((formatter(state, exception), values));
        }
    }
}
