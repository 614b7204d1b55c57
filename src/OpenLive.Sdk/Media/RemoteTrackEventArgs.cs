using OpenLive.Rtc.Client;

namespace OpenLive.Sdk.Media;

/// <summary>A member's track arrived on the subscriber connection (its RTP comes through <see cref="RtcClientConnection.RtpReceived"/>).</summary>
public sealed class RemoteTrackEventArgs(string userId, MediaTrackSource source, RtcTransceiver transceiver, RtcClientConnection connection) : EventArgs
{
    /// <summary>The publishing member.</summary>
    public string UserId { get; } = userId;

    /// <summary>Which of its tracks.</summary>
    public MediaTrackSource Source { get; } = source;

    /// <summary>The receiving m-line.</summary>
    public RtcTransceiver Transceiver { get; } = transceiver;

    /// <summary>The subscriber connection.</summary>
    public RtcClientConnection Connection { get; } = connection;
}

/// <summary>A member's audio, camera or screen.</summary>
public enum MediaTrackSource
{
    /// <summary>Audio.</summary>
    Audio = 1,

    /// <summary>Camera video.</summary>
    Camera = 2,

    /// <summary>Screen video.</summary>
    Screen = 3,
}

/// <summary>A video view to request (iLiveSDK requestViewList entry).</summary>
/// <param name="UserId">The member.</param>
/// <param name="Source">Camera or screen.</param>
public sealed record LiveView(string UserId, MediaTrackSource Source);
