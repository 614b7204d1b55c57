using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLive.MediaLoad;

/// <summary>
/// One session on Janus's plain HTTP API (Janus 1.1.2, <c>src/mainpage.dox</c> "RESTful, HTTP/HTTPS"): requests are
/// POSTed to <c>/janus/&lt;session&gt;[/&lt;handle&gt;]</c>; what a plugin answers later, and the core's events
/// (<c>webrtcup</c>, <c>hangup</c>, …), come back on one long poll (<c>GET /janus/&lt;session&gt;</c>) that this
/// client keeps open. Replies are matched to requests by transaction; the rest is routed by handle. All handles of
/// a run live in this one session, so one long poll serves the publisher and every subscriber.
/// </summary>
internal sealed class JanusClient : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly HttpClient _poll;
    private readonly string _sessionPath;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _webRtcUp = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _pollLoop = Task.CompletedTask;

    private JanusClient(HttpClient http, HttpClient poll, long session)
    {
        _http = http;
        _poll = poll;
        Session = session;
        _sessionPath = session.ToString(CultureInfo.InvariantCulture);
    }

    public long Session { get; }

    /// <summary>Creates a session at <paramref name="api"/> (e.g. <c>http://127.0.0.1:8088/janus/</c>) and starts its long poll.</summary>
    public static async Task<JanusClient> CreateAsync(Uri api)
    {
        var baseAddress = api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/");
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = RequestTimeout };

        // Janus answers an idle long poll with a keepalive after 30 s: a longer timeout never cuts a healthy poll.
        var poll = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(45) };
        try
        {
            var created = await PostAsync(http, string.Empty, new JsonObject { ["janus"] = "create" }).ConfigureAwait(false);
            var client = new JanusClient(http, poll, created.GetProperty("data").GetProperty("id").GetInt64());
            client._pollLoop = Task.Run(client.PollLoopAsync, CancellationToken.None);
            return client;
        }
        catch
        {
            http.Dispose();
            poll.Dispose();
            throw;
        }
    }

    /// <summary>Attaches a VideoRoom handle; returns its id.</summary>
    public async Task<long> AttachAsync()
    {
        var attached = await PostAsync(_http, _sessionPath, new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }).ConfigureAwait(false);
        return attached.GetProperty("data").GetProperty("id").GetInt64();
    }

    /// <summary>A request the plugin answers at once (e.g. <c>create</c>): its <c>plugindata.data</c>.</summary>
    public async Task<JsonElement> RequestAsync(long handle, JsonObject body)
    {
        var reply = await PostAsync(_http, HandlePath(handle), new JsonObject { ["janus"] = "message", ["body"] = body }).ConfigureAwait(false);
        return PluginData(reply);
    }

    /// <summary>
    /// A request the plugin answers later with an event (join, publish, start): waits for Janus's ack, then for the
    /// event with the same transaction; returns its <c>plugindata.data</c> and the SDP of its <c>jsep</c>, if any.
    /// </summary>
    public async Task<(JsonElement Data, string? Sdp)> MessageAsync(long handle, JsonObject body, string? jsepType = null, string? sdp = null)
    {
        var transaction = NewTransaction();
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = reply;
        try
        {
            var request = new JsonObject { ["janus"] = "message", ["transaction"] = transaction, ["body"] = body };
            if (jsepType is not null)
            {
                request["jsep"] = new JsonObject { ["type"] = jsepType, ["sdp"] = sdp };
            }

            var ack = await PostAsync(_http, HandlePath(handle), request).ConfigureAwait(false);
            var janus = ack.GetProperty("janus").GetString();
            var answer = janus == "ack" ? await reply.Task.WaitAsync(RequestTimeout).ConfigureAwait(false) : ack;
            var data = PluginData(answer);
            var answerSdp = answer.TryGetProperty("jsep", out var jsep) && jsep.TryGetProperty("sdp", out var text) ? text.GetString() : null;
            return (data, answerSdp);
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    /// <summary>Completes when Janus reported the handle's PeerConnection up (ICE and DTLS done), within <paramref name="limit"/>.</summary>
    public Task WebRtcUpAsync(long handle, TimeSpan limit) => WebRtcUp(handle).Task.WaitAsync(limit);

    /// <summary>Refreshes the session (Janus drops one idle for its session_timeout, 60 s by default).</summary>
    public Task KeepAliveAsync() => PostAsync(_http, _sessionPath, new JsonObject { ["janus"] = "keepalive" });

    /// <summary>Detaches a handle (its PeerConnection is hung up).</summary>
    public Task DetachAsync(long handle) => PostAsync(_http, HandlePath(handle), new JsonObject { ["janus"] = "detach" });

    private string HandlePath(long handle) => string.Create(CultureInfo.InvariantCulture, $"{Session}/{handle}");

    private TaskCompletionSource WebRtcUp(long handle) =>
        _webRtcUp.GetOrAdd(handle, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static string NewTransaction() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    /// <summary>POSTs <paramref name="request"/> (a transaction is added when missing); a Janus error reply throws.</summary>
    private static async Task<JsonElement> PostAsync(HttpClient http, string path, JsonObject request)
    {
        request["transaction"] ??= NewTransaction();
        using var response = await http.PostAsJsonAsync(path, request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var reply = document.RootElement.Clone();
        ThrowIfError(reply, request["janus"]?.GetValue<string>() ?? "request");
        return reply;
    }

    /// <summary>The plugin's answer in a reply; a plugin error (<c>error_code</c>) throws.</summary>
    private static JsonElement PluginData(JsonElement reply)
    {
        if (!reply.TryGetProperty("plugindata", out var plugin) || !plugin.TryGetProperty("data", out var data))
        {
            throw new JanusException($"no plugin data in Janus's reply: {reply}");
        }

        if (data.TryGetProperty("error_code", out var code))
        {
            throw new JanusException($"VideoRoom error {code}: {(data.TryGetProperty("error", out var error) ? error.GetString() : "?")}");
        }

        return data;
    }

    private static void ThrowIfError(JsonElement reply, string what)
    {
        if (reply.TryGetProperty("janus", out var kind) && kind.GetString() == "error")
        {
            var error = reply.GetProperty("error");
            throw new JanusException($"Janus refused {what}: {error.GetProperty("code")} {error.GetProperty("reason").GetString()}");
        }
    }

    /// <summary>Reads events until disposed: one long poll at a time, up to 16 events per answer.</summary>
    private async Task PollLoopAsync()
    {
        var path = $"{_sessionPath}?maxev=16";
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var response = await _poll.GetAsync(path, _stop.Token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(_stop.Token).ConfigureAwait(false), cancellationToken: _stop.Token).ConfigureAwait(false);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in root.EnumerateArray())
                    {
                        Dispatch(item.Clone());
                    }
                }
                else
                {
                    Dispatch(root.Clone());
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            // Janus went away (or stopped answering): every waiting request fails now rather than at its timeout.
            var failure = new JanusException($"Janus's event long poll failed: {e.Message}", e);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(failure);
            }

            foreach (var up in _webRtcUp.Values)
            {
                up.TrySetException(failure);
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        var kind = message.TryGetProperty("janus", out var k) ? k.GetString() : null;
        if (message.TryGetProperty("transaction", out var t) && t.GetString() is { } transaction && _pending.TryGetValue(transaction, out var waiting))
        {
            if (kind == "error")
            {
                var error = message.GetProperty("error");
                waiting.TrySetException(new JanusException($"Janus: {error.GetProperty("code")} {error.GetProperty("reason").GetString()}"));
            }
            else
            {
                waiting.TrySetResult(message);
            }

            return;
        }

        var handle = message.TryGetProperty("sender", out var s) ? s.GetInt64() : 0;
        switch (kind)
        {
            case "webrtcup":
                WebRtcUp(handle).TrySetResult();
                break;
            case "hangup":
                var reason = message.TryGetProperty("reason", out var r) ? r.GetString() : "?";
                WebRtcUp(handle).TrySetException(new JanusException($"Janus hung up handle {handle}: {reason}"));

                // Our client's close_notify as a connection is disposed reaches Janus as a "DTLS alert": expected
                // at the end of a run, so not printed; any other hang-up is.
                if (reason != "DTLS alert")
                {
                    Console.Error.WriteLine($"janus: handle {handle} hung up ({reason})");
                }

                break;
            case "slowlink":
                Console.Error.WriteLine($"janus: slowlink on handle {handle}: {message}");
                break;
            default:
                break; // keepalive, media, unsolicited plugin events
        }
    }

    /// <summary>Stops the long poll and destroys the session (Janus hangs up every handle in it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await PostAsync(_http, _sessionPath, new JsonObject { ["janus"] = "destroy" }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JanusException or TaskCanceledException)
        {
            Console.Error.WriteLine($"janus: destroying the session failed ({e.Message})");
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _pollLoop.ConfigureAwait(false);
        _http.Dispose();
        _poll.Dispose();
        _stop.Dispose();
    }
}
