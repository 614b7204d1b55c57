namespace OpenLive.Server.Webhooks;

/// <summary>Callbacks to the app's backend.</summary>
public interface IWebhooks
{
    /// <summary>True when events are delivered (a callback URL is configured); callers skip building events otherwise.</summary>
    bool Enabled { get; }

    /// <summary>True when a before-send hook is configured.</summary>
    bool ChecksBeforeSend { get; }

    /// <summary>Queues an event for delivery; never blocks the caller.</summary>
    void Publish(WebhookEvent webhookEvent);

    /// <summary>Asks the before-send hook; (true, null) when there is no hook.</summary>
    Task<(bool Allowed, string? Reason)> BeforeSendAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
