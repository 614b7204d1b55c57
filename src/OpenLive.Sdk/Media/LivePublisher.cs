using OpenLive.Rtc.Client;

namespace OpenLive.Sdk.Media;

/// <summary>
/// A published connection: send encoded RTP payloads on its tracks with <see cref="Connection"/>'s
/// <see cref="RtcClientConnection.SendRtp"/>, and answer <see cref="RtcClientConnection.KeyframeRequested"/> with a keyframe.
/// Disposing it closes the connection; members then see the tracks end (NO_* events).
/// </summary>
public sealed class LivePublisher : IDisposable
{
    internal LivePublisher(RtcClientConnection connection, RtcTransceiver? audio, RtcTransceiver? camera, RtcTransceiver? screen)
    {
        Connection = connection;
        Audio = audio;
        Camera = camera;
        Screen = screen;
    }

    /// <summary>The WebRTC connection to the room's node.</summary>
    public RtcClientConnection Connection { get; }

    /// <summary>The audio track, when published.</summary>
    public RtcTransceiver? Audio { get; }

    /// <summary>The camera track, when published.</summary>
    public RtcTransceiver? Camera { get; }

    /// <summary>The screen track, when published.</summary>
    public RtcTransceiver? Screen { get; }

    /// <summary>The app disposed it: it stopped publishing, so a move of the room's media does not publish again.</summary>
    internal bool IsClosedByApp { get; private set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        IsClosedByApp = true;
        Connection.Dispose();
    }

    /// <summary>Closes the connection for the SDK (the room's media moved, or the room ended) without marking it the app's choice.</summary>
    internal void Close() => Connection.Dispose();
}
