using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>A real HTTP listener standing in for the app's backend: keeps every event it is sent.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "hook-secret-for-the-recording-tests-0123456789";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonDocument> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        Port = OpenLive.Testing.TestServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The server's arguments that send its webhooks here.</summary>
    public string[] ServerArguments =>
        [$"--OpenLive:Webhooks:Url=http://127.0.0.1:{Port}/events", $"--OpenLive:Webhooks:Secret={Secret}", "--OpenLive:Webhooks:FirstRetryDelay=00:00:00.050"];

    /// <summary>Waits for an event named <paramref name="name"/> matching <paramref name="match"/>; fails with what was seen at the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var found = _events.Select(e => e.RootElement).FirstOrDefault(e => e.GetProperty("event").GetString() == name && (match is null || match(e)));
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {name} webhook within {Deadline.TotalSeconds} s; got: {string.Join(" | ", _events.Select(e => e.RootElement.GetRawText()))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            _events.Enqueue(JsonDocument.Parse(await reader.ReadToEndAsync()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
