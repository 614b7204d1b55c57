using OpenLive.Rtc.Client;

namespace OpenLive.Sdk.Media;

/// <summary>What <see cref="Rooms.LiveRoom.PublishAsync"/> sends: the SDK carries encoded media the app provides (it captures nothing).</summary>
public sealed class LivePublishOptions
{
    /// <summary>An Opus audio track (needs SEND_AUDIO).</summary>
    public bool Audio { get; init; }

    /// <summary>A camera video track (needs SEND_CAMERA_VIDEO).</summary>
    public bool Camera { get; init; }

    /// <summary>A screen video track (needs SEND_SCREEN_VIDEO).</summary>
    public bool Screen { get; init; }

    /// <summary>The camera's video codecs in preference order (VP8 by default).</summary>
    public IReadOnlyList<RtcVideoCodec> VideoCodecs { get; init; } = [RtcVideoCodec.Vp8];

    /// <summary>Simulcast rids for the camera, lowest quality first (e.g. q, h, f); empty for one layer.</summary>
    public IReadOnlyList<string> SimulcastRids { get; init; } = [];

    /// <summary>
    /// The local address media is sent from (the server's reachable side); when null, the client's
    /// <see cref="LiveClientOptions.MediaLocalAddress"/> (by default the source address of the route to the server).
    /// </summary>
    public System.Net.IPAddress? LocalAddress { get; init; }
}
