using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Webhooks;

/// <summary>HTTP callbacks to the app's backend (<c>OpenLive:Webhooks</c>). Off while <see cref="Url"/> is empty.</summary>
public sealed class WebhookOptions
{
    /// <summary>Where events are POSTed.</summary>
    public string? Url { get; set; }

    /// <summary>Where the before-send hook is POSTed; no hook when empty.</summary>
    public string? BeforeSendUrl { get; set; }

    /// <summary>The HMAC-SHA256 key for <c>X-OpenLive-Signature</c>; when empty, the app's secret key is used.</summary>
    public string? Secret { get; set; }

    /// <summary>Delivery attempts per event (the first included) before it is dropped and counted.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; doubled after each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one POST may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the before-send hook may take before the message goes out anyway (or is refused, see <see cref="BeforeSendFailOpen"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan BeforeSendTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When the hook fails or times out: true sends the message anyway, false refuses it.</summary>
    public bool BeforeSendFailOpen { get; set; } = true;

    /// <summary>Events queued for delivery at most; beyond it new events are dropped and counted.</summary>
    [Range(10, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
