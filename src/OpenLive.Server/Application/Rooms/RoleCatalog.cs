using Microsoft.Extensions.Configuration;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;

namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// The roles the server knows. Defaults follow Tencent's Suixinbo demo: <c>LiveMaster</c> (host, all bits, 720p),
/// <c>LiveGuest</c> (co-host: all but create, 480p) and <c>Guest</c> (audience: join and receive). Entering with a role
/// the server does not know fails with 10002, as iLiveSDK 1.9.5+ did. It also holds the room policy
/// (<see cref="RoomPolicyOptions"/>): whether a member may name a sending role itself.
/// </summary>
internal sealed class RoleCatalog
{
    public const string Host = "LiveMaster";
    public const string CoHost = "LiveGuest";
    public const string Audience = "Guest";

    private readonly Dictionary<string, RoleOptions> _roles = new(StringComparer.Ordinal)
    {
        [Host] = new() { AuthBits = (uint)AuthBits.All, Width = 1280, Height = 720, Fps = 15, MaxBitrateKbps = 1200 },
        [CoHost] = new() { AuthBits = (uint)AuthBits.CoHost, Width = 640, Height = 480, Fps = 15, MaxBitrateKbps = 800 },
        [Audience] = new() { AuthBits = (uint)AuthBits.Audience },
    };

    private readonly RoomPolicyOptions _policy;

    /// <exception cref="InvalidOperationException">A role or the room policy does not bind (e.g. SelfPromotion=maybe).</exception>
    public RoleCatalog(IConfiguration configuration)
    {
        foreach (var section in configuration.GetSection("OpenLive:Roles").GetChildren())
        {
            _roles[section.Key] = section.Get<RoleOptions>() ?? new RoleOptions();
        }

        _policy = configuration.GetSection(RoomPolicyOptions.Section).Get<RoomPolicyOptions>() ?? new RoomPolicyOptions();
    }

    /// <summary>
    /// Whether members of <paramref name="sdkAppId"/>'s rooms may give themselves send bits (a sending role at entry or by
    /// a role change) without a privateMapKey; false unless configured (<see cref="RoomPolicyOptions"/>).
    /// </summary>
    public bool AllowsSelfPromotion(uint sdkAppId) =>
        _policy.SelfPromotionByApp.TryGetValue(sdkAppId, out var allowed) ? allowed : _policy.SelfPromotion;

    public IReadOnlyDictionary<string, RoleOptions> Roles => _roles;

    /// <summary>The role's name and options; an empty name means the default for the action.</summary>
    public (string Name, RoleOptions Role) Resolve(string? name, bool creating)
    {
        var chosen = string.IsNullOrEmpty(name) ? (creating ? Host : Audience) : name;
        return _roles.TryGetValue(chosen, out var role)
            ? (chosen, role)
            : throw new LiveException(AVErrorCode.ServerInvalidArgument, $"role \"{chosen}\" is not configured on this server (known: {string.Join(", ", _roles.Keys)})");
    }
}
