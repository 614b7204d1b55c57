using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Who may start and stop egress (iLiveSDK's startPushStream / startRecordVideo) and how much of it a room may run
/// (<c>OpenLive:EgressPolicy</c>). The room's owner always may; <see cref="Roles"/> and <see cref="AuthBits"/> let other
/// members, as LiveKit grants <c>roomRecord</c> per token rather than to everyone in the room.
/// </summary>
public sealed class EgressPolicyOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OpenLive:EgressPolicy";

    /// <summary>Named roles (iLiveSDK controlRole, e.g. <c>LiveMaster</c>) whose members may start and stop egress besides the owner; none by default.</summary>
    public List<string> Roles { get; } = [];

    /// <summary>
    /// Auth bits that let a member start and stop egress when it holds every one of them (e.g. 0x01, AUTH_BITS_CREATE_ROOM,
    /// for every host-like member); 0 (the default) grants nothing.
    /// </summary>
    public ulong AuthBits { get; set; }

    /// <summary>The most running channels of one member's stream.</summary>
    [Range(1, 64)]
    public int MaxChannelsPerMember { get; set; } = 4;

    /// <summary>The most running channels of one room.</summary>
    [Range(1, 1024)]
    public int MaxChannelsPerRoom { get; set; } = 16;

    /// <summary>Egress requests (start and stop) per second one session may send, bursts of twice this; more get 8011.</summary>
    [Range(1, 100)]
    public int MaxRequestsPerSecond { get; set; } = 5;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var role in Roles)
        {
            if (string.IsNullOrWhiteSpace(role))
            {
                yield return new ValidationResult("an empty role name", [nameof(Roles)]);
            }
        }
    }
}
