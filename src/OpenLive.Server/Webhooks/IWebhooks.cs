namespace OpenLive.Server.Webhooks;

/// <summary>Callbacks to the app's backend.</summary>
public interface IWebhooks
{
    /// <summary>Queues an event for delivery; never blocks the caller.</summary>
    void Publish(WebhookEvent webhookEvent);

    /// <summary>Asks the before-send hook; (true, null) when there is no hook.</summary>
    Task<(bool Allowed, string? Reason)> BeforeSendAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
