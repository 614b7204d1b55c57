using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Server.Apps;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Webhooks;

/// <summary>
/// Webhook signatures use a webhook secret, never the app's userSig key (whoever holds one must not be able to forge the
/// other); a before-send hook that does not answer refuses the message unless the app chose fail-open.
/// </summary>
public sealed class WebhookSecurityTests : IAsyncDisposable
{
    private const string GlobalSecret = "global-webhook-secret-0123456789abcdef";
    private const string AppSecret = "dev-app-webhook-secret-0123456789abcdef";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Timestamp, string Signature, string Body)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _port = TestServer.FreePort();
    private Task _loop = Task.CompletedTask;

    /// <summary>An HTTP backend: events are recorded and answered 200; the before-send hook never answers.</summary>
    private void StartBackend()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _loop = Task.Run(async () =>
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

                if (context.Request.Url!.AbsolutePath == "/before")
                {
                    continue; // a hook that hangs: the server's BeforeSendTimeout decides
                }

                using var reader = new StreamReader(context.Request.InputStream);
                _events.Enqueue((context.Request.Headers["X-OpenLive-Timestamp"]!, context.Request.Headers["X-OpenLive-Signature"]!, await reader.ReadToEndAsync()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static string Sign(string key, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    [Fact]
    public async Task WebhooksWithoutASecret_StopTheServerAtStart_InsteadOfSigningWithTheAppKey()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var server = await TestServer.StartAsync(null, $"--OpenLive:Webhooks:Url=http://127.0.0.1:{_port}/events");
        });
        Assert.Contains("Webhooks:Secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortWebhookSecret_StopsTheServerAtStart()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var server = await TestServer.StartAsync(null, $"--OpenLive:Webhooks:Url=http://127.0.0.1:{_port}/events", "--OpenLive:Webhooks:Secret=short");
        });
    }

    [Fact]
    public async Task Events_AreSignedWithTheAppsWebhookSecret_NotWithItsUserSigKey()
    {
        StartBackend();
        await using var server = await TestServer.StartAsync(null,
            $"--OpenLive:Webhooks:Url=http://127.0.0.1:{_port}/events",
            $"--OpenLive:Webhooks:Secret={GlobalSecret}",
            $"--OpenLive:Webhooks:Apps:{DevApp.SdkAppId}:Secret={AppSecret}");

        await using (await server.LoggedInClientAsync("whs_user"))
        {
        }

        var deadline = DateTime.UtcNow + Events.Timeout;
        while (_events.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "no event delivered");
            await Task.Delay(20);
        }

        Assert.True(_events.TryPeek(out var delivered));
        Assert.NotEqual(Sign(server.Key, delivered.Timestamp, delivered.Body), delivered.Signature);
        Assert.NotEqual(Sign(GlobalSecret, delivered.Timestamp, delivered.Body), delivered.Signature);
        Assert.Equal(Sign(AppSecret, delivered.Timestamp, delivered.Body), delivered.Signature);
    }

    [Fact]
    public async Task ABeforeSendHookThatTimesOut_RefusesTheMessage_ByDefault_With10003()
    {
        StartBackend();
        await using var server = await TestServer.StartAsync(null,
            $"--OpenLive:Webhooks:BeforeSendUrl=http://127.0.0.1:{_port}/before",
            $"--OpenLive:Webhooks:Secret={GlobalSecret}",
            "--OpenLive:Webhooks:BeforeSendTimeout=00:00:00.200");
        await using var alice = await server.LoggedInClientAsync("whs_alice");
        await using var bob = await server.LoggedInClientAsync("whs_bob");

        var refused = await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("whs_bob", LiveMessage.Text("unmoderated")));

        Assert.Equal(("AVSDK", (int)AVErrorCode.ServerNoPermission), (refused.Module, refused.Code));
        Assert.Empty(await bob.GetMessagesAsync(ConversationRef.WithUser("whs_alice")));
    }

    [Fact]
    public async Task AnAppThatChoseFailOpen_SendsWhenItsHookTimesOut()
    {
        StartBackend();
        await using var server = await TestServer.StartAsync(null,
            $"--OpenLive:Webhooks:BeforeSendUrl=http://127.0.0.1:{_port}/before",
            $"--OpenLive:Webhooks:Secret={GlobalSecret}",
            "--OpenLive:Webhooks:BeforeSendTimeout=00:00:00.200",
            $"--OpenLive:Webhooks:Apps:{DevApp.SdkAppId}:BeforeSendFailOpen=true");
        await using var alice = await server.LoggedInClientAsync("whs_open_alice");
        await using var bob = await server.LoggedInClientAsync("whs_open_bob");

        await alice.SendC2CMessageAsync("whs_open_bob", LiveMessage.Text("sent anyway"));

        Assert.Single(await bob.GetMessagesAsync(ConversationRef.WithUser("whs_open_alice")));
    }
}
