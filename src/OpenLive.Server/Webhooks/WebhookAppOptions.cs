namespace OpenLive.Server.Webhooks;

/// <summary>One app's webhook settings (<c>OpenLive:Webhooks:Apps:{sdkAppId}</c>), over the global ones.</summary>
public sealed class WebhookAppOptions
{
    /// <summary>This app's signing secret for <c>X-OpenLive-Signature</c>; the global <see cref="WebhookOptions.Secret"/> when empty.</summary>
    public string? Secret { get; set; }

    /// <summary>This app's choice when its before-send hook fails; the global <see cref="WebhookOptions.BeforeSendFailOpen"/> when unset.</summary>
    public bool? BeforeSendFailOpen { get; set; }
}
