namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// Who may hold send bits in a room they did not create (<c>OpenLive:Rooms</c>). By default (false) a member without a
/// privateMapKey gets SEND_* bits only from the room's owner, by accepting a co-host invitation; turning self-promotion
/// on lets a member name a sending role itself (at entry or with a role change), as OpenLive did before issue 12.
/// </summary>
public sealed class RoomPolicyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OpenLive:Rooms";

    /// <summary>Whether members may give themselves send bits (every app, unless <see cref="SelfPromotionByApp"/> says otherwise).</summary>
    public bool SelfPromotion { get; set; }

    /// <summary>Per-app overrides of <see cref="SelfPromotion"/>, keyed by sdkAppId (<c>OpenLive:Rooms:SelfPromotionByApp:1400000000=true</c>).</summary>
    public Dictionary<uint, bool> SelfPromotionByApp { get; } = [];
}
