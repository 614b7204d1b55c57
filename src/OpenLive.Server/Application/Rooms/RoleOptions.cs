namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// A named role (iLiveSDK's controlRole / "Spear" config): the permission bits it grants and the video parameters it
/// implies. Configured under <c>OpenLive:Roles:{Name}</c>.
/// </summary>
public sealed class RoleOptions
{
    /// <summary>The auth bits (0x01–0x80) the role grants.</summary>
    public uint AuthBits { get; set; }

    /// <summary>Capture width.</summary>
    public uint Width { get; set; }

    /// <summary>Capture height.</summary>
    public uint Height { get; set; }

    /// <summary>Frames per second.</summary>
    public uint Fps { get; set; }

    /// <summary>Upper bound of the video bitrate, kbit/s.</summary>
    public uint MaxBitrateKbps { get; set; }

    /// <summary>The role's video parameters as a room member carries them.</summary>
    public Grains.RoomVideo ToVideo() => new(Width, Height, Fps, MaxBitrateKbps);
}
