using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>A room as the admin API operates it (one role of the room grain): no member session is involved.</summary>
[Alias("OpenLive.IRoomAdministration")]
public interface IRoomAdministration : IGrainWithStringKey
{
    /// <summary>The room's owner and members (10009 when the room does not exist).</summary>
    [Alias("AdminState")]
    Task<RoomResult<RoomSnapshot>> AdminState();

    /// <summary>Every member's media as the SFU counts it, per published and received track (null when the room does not exist).</summary>
    [Alias("AdminMediaStats")]
    Task<MemberMediaStats[]?> AdminMediaStats();

    /// <summary>Dismisses the room; every member gets RoomDisbanded (10009 when it does not exist).</summary>
    [Alias("AdminDismiss")]
    Task<RoomResult> AdminDismiss();

    /// <summary>A system message to every member (10009 when the room does not exist), serialized once for the room's fan-out.</summary>
    [Alias("PublishSystemMessage")]
    Task<RoomResult> PublishSystemMessage(Immutable<byte[]> frame);
}
