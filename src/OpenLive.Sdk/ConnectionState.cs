namespace OpenLive.Sdk;

/// <summary>The signaling connection's state.</summary>
public enum ConnectionState
{
    /// <summary>No connection (not logged in, logged out, or forced offline).</summary>
    Disconnected,

    /// <summary>Connecting and logging in.</summary>
    Connecting,

    /// <summary>Logged in.</summary>
    Connected,

    /// <summary>The connection dropped; the SDK is reconnecting and resuming the session.</summary>
    Reconnecting,
}

/// <summary>Arguments of <see cref="LiveClient.ConnectionStateChanged"/>.</summary>
public sealed class ConnectionStateChangedEventArgs(ConnectionState state, OpenLive.Core.Errors.LiveException? error) : EventArgs
{
    /// <summary>The new state.</summary>
    public ConnectionState State { get; } = state;

    /// <summary>
    /// Why the connection was lost, when it was (null on the change to Disconnected that a forced offline causes: its
    /// <see cref="LiveClient.ForcedOffline"/> event, raised next, carries the reason).
    /// </summary>
    public OpenLive.Core.Errors.LiveException? Error { get; } = error;
}

/// <summary>Arguments of <see cref="LiveClient.ForcedOffline"/>: 8050 (kicked out) or 8051 (userSig expired).</summary>
public sealed class ForcedOfflineEventArgs(OpenLive.Core.Errors.LiveException reason) : EventArgs
{
    /// <summary>The reason, with module and code.</summary>
    public OpenLive.Core.Errors.LiveException Reason { get; } = reason;
}
