using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Application.Turn;

/// <summary>
/// ICE servers handed to clients at login and in WHIP/WHEP <c>Link</c> headers (<c>OpenLive:Turn</c>), with short-lived
/// credentials in the TURN REST API scheme (draft-uberti-behave-turn-rest, coturn's <c>use-auth-secret</c>):
/// <c>username = "&lt;expiry unix seconds&gt;:&lt;userId&gt;"</c>, <c>credential = base64(HMAC-SHA1(secret, username))</c>.
/// An operator's coturn with the same <c>static-auth-secret</c> accepts them with no per-user setup. Off while
/// <see cref="Urls"/> is empty.
/// </summary>
public sealed class TurnOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OpenLive:Turn";

    /// <summary>Shortest accepted shared secret: 32 characters (`openssl rand -hex 32` gives 64).</summary>
    public const int MinSecretLength = 32;

    /// <summary>Most URLs handed out: each one is a candidate-gathering job in every peer connection of every client.</summary>
    public const int MaxUrls = 16;

    /// <summary>
    /// <c>turn:</c>, <c>turns:</c> and <c>stun:</c> URLs (RFC 7064/7065), e.g. <c>turn:turn.example.com:3478?transport=udp</c>.
    /// <c>--turn-url</c> sets the first one; more come from appsettings or <c>OpenLive__Turn__Urls__1</c>.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>
    /// coturn's <c>static-auth-secret</c>. Never logged and never sent: clients get HMACs of it. Prefer
    /// <see cref="SecretFile"/>: a secret on the command line shows in <c>ps</c>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>A file holding the secret (its first line), owner-only (0600 or narrower); <c>--turn-secret-file</c>.</summary>
    public string? SecretFile { get; set; }

    /// <summary>
    /// How long an issued credential is valid. 12 hours by default: coturn checks the expiry on every authenticated
    /// request (Allocate, and the Refresh/CreatePermission/ChannelBind a browser repeats every few minutes for as long
    /// as the peer connection lives), and OpenLive's SFU does not support ICE restarts, so a credential must outlast the
    /// peer connections created with it — a long live show included. A leaked credential relays for at most that long.
    /// After it lapses, coturn answers 401 to the next refresh and the relayed path ends within the allocation's
    /// lifetime (≤ 10 minutes); a new login (reconnect or resume) issues fresh credentials for new peer connections.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The secret: <see cref="Secret"/>, or the first line of <see cref="SecretFile"/> (checked at start).</summary>
    internal string? ResolveSecret() =>
        !string.IsNullOrEmpty(Secret) ? Secret
        : SecretFile is { Length: > 0 } path && TurnSecretFile.TryRead(path, out var fromFile, out _) ? fromFile
        : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Urls.Count > MaxUrls)
        {
            yield return new ValidationResult($"{Section}:Urls holds {Urls.Count} URLs; at most {MaxUrls}.", [nameof(Urls)]);
        }

        var needsSecret = false;
        for (var i = 0; i < Urls.Count; i++)
        {
            if (!IceServerUrl.TryParse(Urls[i], out var url, out var problem))
            {
                yield return new ValidationResult($"{Section}:Urls:{i} {problem}", [nameof(Urls)]);
            }
            else
            {
                needsSecret |= url.IsTurn;
            }
        }

        if (!string.IsNullOrEmpty(Secret) && !string.IsNullOrEmpty(SecretFile))
        {
            yield return new ValidationResult($"{Section}: set Secret or SecretFile (--turn-secret-file), not both.", [nameof(Secret)]);
            yield break;
        }

        string? secret = Secret;
        if (!string.IsNullOrEmpty(SecretFile))
        {
            if (!TurnSecretFile.TryRead(SecretFile, out secret, out var fileProblem))
            {
                yield return new ValidationResult($"{Section}:SecretFile {fileProblem}", [nameof(SecretFile)]);
                yield break;
            }
        }

        if (!string.IsNullOrEmpty(secret) && secret.Length < MinSecretLength)
        {
            // The length only: the value itself never goes into a message.
            yield return new ValidationResult(
                $"{Section}: the TURN secret must be at least {MinSecretLength} characters (it has {secret.Length}); e.g. `openssl rand -hex 32`.",
                [nameof(Secret)]);
        }
        else if (needsSecret && string.IsNullOrEmpty(secret))
        {
            yield return new ValidationResult(
                $"{Section}:Urls has turn:/turns: URLs but no Secret/SecretFile (--turn-secret-file): the credentials are HMACs of coturn's static-auth-secret.",
                [nameof(Secret)]);
        }
    }
}
