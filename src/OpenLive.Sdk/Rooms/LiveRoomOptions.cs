using OpenLive.Core.Rooms;

namespace OpenLive.Sdk.Rooms;

/// <summary>How to enter a room (iLiveSDK's <c>ILiveRoomOption</c>).</summary>
public sealed class LiveRoomOptions
{
    /// <summary>The role configured on the server (<c>LiveMaster</c>, <c>LiveGuest</c>, <c>Guest</c>, …); empty for the default
    /// (<c>LiveMaster</c> when creating, <c>Guest</c> when joining).</summary>
    public string? ControlRole { get; set; }

    /// <summary>Auth bits to ask for; <see cref="AuthBits.None"/> (or <see cref="AuthBits.Default"/>) takes all the role or
    /// privateMapKey grants. The server never grants more than those.</summary>
    public AuthBits AuthBits { get; set; }

    /// <summary>A privateMapKey for this room (required when the app is configured to require one).</summary>
    public string? PrivateMapKey { get; set; }

    /// <summary>Open the camera after entering (kept for the media plane).</summary>
    public bool AutoCamera { get; set; }

    /// <summary>Open the microphone after entering (kept for the media plane).</summary>
    public bool AutoMic { get; set; }

    /// <summary>Receive members' camera video automatically.</summary>
    public bool AutoRequestCamera { get; set; } = true;

    /// <summary>Receive members' screen video automatically.</summary>
    public bool AutoRequestScreen { get; set; } = true;

    /// <summary>Join the room's IM group (iLiveSDK's imsupport).</summary>
    public bool ImSupport { get; set; } = true;

    /// <summary>Shortest <see cref="QualityInterval"/>.</summary>
    public static readonly TimeSpan MinQualityInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest <see cref="QualityInterval"/>.</summary>
    public static readonly TimeSpan MaxQualityInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often <see cref="LiveRoom.QualityUpdated"/> is raised (iLiveSDK's <c>timeElapse</c>, default 1000 ms), from
    /// <see cref="MinQualityInterval"/> to <see cref="MaxQualityInterval"/>; entering with another value fails with 8021.
    /// </summary>
    public TimeSpan QualityInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A host's options: role <c>LiveMaster</c>, camera and microphone on.</summary>
    public static LiveRoomOptions Host() => new() { ControlRole = "LiveMaster", AutoCamera = true, AutoMic = true };

    /// <summary>An audience member's options: role <c>Guest</c>, receive only.</summary>
    public static LiveRoomOptions Audience() => new() { ControlRole = "Guest" };

    internal Protocol.V1.RoomOptions ToWire() => new()
    {
        ControlRole = ControlRole ?? string.Empty,
        AuthBits = (ulong)AuthBits,
        PrivateMapKey = PrivateMapKey ?? string.Empty,
        AutoCamera = AutoCamera,
        AutoMic = AutoMic,
        AutoRequestCamera = AutoRequestCamera,
        AutoRequestScreen = AutoRequestScreen,
        DisableIm = !ImSupport,
    };
}
