using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpenLive.Server.Webhooks;

/// <summary>
/// HTTP callbacks to the app's backend (<c>OpenLive:Webhooks</c>). Off while <see cref="Url"/> and
/// <see cref="BeforeSendUrl"/> are empty; with either set, a <see cref="Secret"/> of at least
/// <see cref="MinSecretLength"/> characters is required.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    /// <summary>Shortest accepted signing secret: 32 characters, about 32 bytes of entropy for a random one.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Where events are POSTed.</summary>
    public string? Url { get; set; }

    /// <summary>Where the before-send hook is POSTed; no hook when empty.</summary>
    public string? BeforeSendUrl { get; set; }

    /// <summary>
    /// The HMAC-SHA256 key for <c>X-OpenLive-Signature</c>, shared with the app's backend. Never the app's userSig key:
    /// whoever verifies webhooks must not be able to mint userSigs, and the other way round.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Per-app settings keyed by sdkAppId: a webhook secret of its own, its before-send failure mode.</summary>
    public Dictionary<string, WebhookAppOptions> Apps { get; set; } = [];

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

    /// <summary>
    /// When the hook fails or times out: true sends the message anyway, false (the default: a moderation hook that is
    /// down must not let everything through) refuses it with AVSDK 10003. Per app: <c>Apps:{sdkAppId}:BeforeSendFailOpen</c>.
    /// </summary>
    public bool BeforeSendFailOpen { get; set; }

    /// <summary>Events queued for delivery at most; beyond it new events are dropped and counted.</summary>
    [Range(10, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The secret that signs <paramref name="sdkAppId"/>'s events: its own, else the global one.</summary>
    public string SecretFor(uint sdkAppId) =>
        AppOptions(sdkAppId)?.Secret is { Length: > 0 } own ? own : Secret ?? string.Empty;

    /// <summary>Whether <paramref name="sdkAppId"/>'s messages go out when its before-send hook fails.</summary>
    public bool FailsOpen(uint sdkAppId) => AppOptions(sdkAppId)?.BeforeSendFailOpen ?? BeforeSendFailOpen;

    private WebhookAppOptions? AppOptions(uint sdkAppId) =>
        Apps.Count > 0 && Apps.TryGetValue(sdkAppId.ToString(CultureInfo.InvariantCulture), out var app) ? app : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var enabled = !string.IsNullOrEmpty(Url) || !string.IsNullOrEmpty(BeforeSendUrl);
        if (enabled && (Secret is null || Secret.Length < MinSecretLength))
        {
            yield return new ValidationResult(
                $"OpenLive:Webhooks:Secret must be set, at least {MinSecretLength} characters, when webhooks are on (e.g. `openssl rand -hex 32`); it is never the app's userSig key.",
                [nameof(Secret)]);
        }

        foreach (var (key, app) in Apps)
        {
            if (!uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                yield return new ValidationResult($"OpenLive:Webhooks:Apps:{key} is not an sdkAppId (a decimal number).", [nameof(Apps)]);
            }
            else if (app.Secret is { Length: > 0 and < MinSecretLength })
            {
                yield return new ValidationResult($"OpenLive:Webhooks:Apps:{key}:Secret must be at least {MinSecretLength} characters.", [nameof(Apps)]);
            }
        }
    }
}
