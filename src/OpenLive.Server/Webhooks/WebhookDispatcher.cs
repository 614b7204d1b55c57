using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Webhooks;

/// <summary>
/// Delivers callbacks: a bounded queue drained by a background loop, up to 8 deliveries at once, each retried with
/// doubling delays. Every POST carries <c>X-OpenLive-Event</c>, <c>X-OpenLive-Delivery</c> (the event id, the same on
/// retries), <c>X-OpenLive-Timestamp</c> and <c>X-OpenLive-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IOptions<ServerOptions> options,
    IHttpClientFactory httpClients,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    Observability.ServerMetrics metrics,
    ILogger<WebhookDispatcher> logger) : BackgroundService, IWebhooks
{
    public const string HttpClientName = "openlive-webhooks";
    private const int Parallelism = 8;

    private readonly WebhookOptions _options = options.Value.Webhooks;
    private readonly Channel<WebhookEvent> _queue = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(options.Value.Webhooks.QueueCapacity) { SingleReader = true });

    public bool Enabled => !string.IsNullOrEmpty(_options.Url);

    public bool ChecksBeforeSend => !string.IsNullOrEmpty(_options.BeforeSendUrl);

    public void Publish(WebhookEvent webhookEvent)
    {
        if (!Enabled)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(webhookEvent))
        {
            metrics.Webhook("dropped");
            LogQueueFull(logger, webhookEvent.Event);
        }
    }

    public async Task<(bool Allowed, string? Reason)> BeforeSendAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (_options.BeforeSendUrl is not { Length: > 0 } url)
        {
            return (true, null);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.BeforeSendTimeout);
            using var response = await PostAsync(url, Prepare(webhookEvent), timeout.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var answer = await response.Content.ReadFromJsonAsync(WebhookJson.Default.BeforeSendAnswer, timeout.Token).ConfigureAwait(false);
            return answer is { Allow: false } ? (false, string.IsNullOrEmpty(answer.Reason) ? "refused by the app's before-send hook" : answer.Reason) : (true, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            metrics.Webhook("before_send_unavailable");
            var failOpen = _options.FailsOpen(webhookEvent.SdkAppId);
            LogBeforeSendFailed(logger, e.Message, failOpen);
            return failOpen ? (true, null) : (false, "the app's before-send hook did not answer in time, and the app refuses messages then");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        try
        {
            await foreach (var webhookEvent in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                _ = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await DeliverAsync(webhookEvent, stoppingToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: undelivered events are counted by their absence; the backend reconciles from the admin API.
        }
    }

    private async Task DeliverAsync(WebhookEvent webhookEvent, CancellationToken stoppingToken)
    {
        var delay = _options.FirstRetryDelay;
        var prepared = Prepare(webhookEvent); // the same body on every attempt; only the timestamp and signature change
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(_options.Timeout);
                using var response = await PostAsync(_options.Url!, prepared, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    metrics.Webhook("delivered");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                // Unreachable or slow: retried below.
            }

            if (attempt < _options.MaxAttempts)
            {
                metrics.Webhook("retried");
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        metrics.Webhook("failed");
        LogGaveUp(logger, webhookEvent.Event, webhookEvent.Id, _options.MaxAttempts);
    }

    /// <summary>The event's body and signing key (the webhook secret, never the app's userSig key), made once per event.</summary>
    private PreparedEvent Prepare(WebhookEvent webhookEvent)
    {
        var secret = _options.SecretFor(webhookEvent.SdkAppId);
        return new PreparedEvent(webhookEvent, JsonSerializer.SerializeToUtf8Bytes(webhookEvent, WebhookJson.Default.WebhookEvent), Encoding.UTF8.GetBytes(secret));
    }

    private async Task<HttpResponseMessage> PostAsync(string url, PreparedEvent prepared, CancellationToken cancellationToken)
    {
        var (webhookEvent, body, key) = prepared;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-OpenLive-Event", webhookEvent.Event);
        request.Headers.Add("X-OpenLive-Delivery", webhookEvent.Id);
        request.Headers.Add("X-OpenLive-Timestamp", timestamp);
        request.Headers.Add("X-OpenLive-Signature", "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset()));
        return await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private sealed record PreparedEvent(WebhookEvent Event, byte[] Body, byte[] Key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook queue full: dropped a {Event} event")]
    private static partial void LogQueueFull(ILogger logger, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Event} {Id} not delivered after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string @event, string id, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Before-send hook failed ({Reason}); fail-open: {FailOpen}")]
    private static partial void LogBeforeSendFailed(ILogger logger, string reason, bool failOpen);
}
