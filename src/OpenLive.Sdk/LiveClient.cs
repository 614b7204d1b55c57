using OpenLive.Rtc.Client;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk;

/// <summary>
/// The entry point of the SDK, iLiveSDK's context + login manager: one user's session with an OpenLive server.
/// Every failed call throws <see cref="LiveException"/> carrying iLiveSDK's module and code.
/// </summary>
/// <remarks>
/// Lifecycle as iLiveSDK's AVContext: a client is started when constructed and stopped by <see cref="StopAsync"/> or
/// disposal; calls on a stopped client fail with 1101 (AV_ERR_CONTEXT_NOT_EXIST).
/// </remarks>
public sealed partial class LiveClient : IAsyncDisposable
{
    private readonly LiveClientOptions _options;
    private readonly ServerCertificatePins? _certificatePins;
    private readonly TimeProvider _time;

    /// <summary>The client's clock (rooms wait on it too).</summary>
    internal TimeProvider Time => _time;
    private readonly SynchronizationContext? _context;
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private SignalingConnection? _connection;
    private HeartbeatWatch? _heartbeat;
    private volatile bool _stopped;

    /// <summary>Creates and starts a client.</summary>
    /// <exception cref="LiveException">8005 when <paramref name="options"/> is null; 8021 when it lacks the server URL or app id.</exception>
    public LiveClient(LiveClientOptions options)
    {
        if (options is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, "options is null");
        }

        if (options.ServerUrl is null || !options.ServerUrl.IsAbsoluteUri || options.ServerUrl.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.ServerUrl must be an absolute http(s) or ws(s) URL");
        }

        if (options.FallbackServerUrls is null || options.FallbackServerUrls.Any(url => url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https" or "ws" or "wss")))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.FallbackServerUrls must hold absolute http(s) or ws(s) URLs");
        }

        if (options.SdkAppId == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.SdkAppId is 0");
        }

        if (options.MediaTransports is not (RtcIceTransports.Udp or RtcIceTransports.Tcp or RtcIceTransports.Both))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.MediaTransports must be Udp, Tcp or Both");
        }

        if (options.MediaLocalAddress is { } media && (media.Equals(System.Net.IPAddress.Any) || media.Equals(System.Net.IPAddress.IPv6Any)))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.MediaLocalAddress must be a concrete address, not a wildcard");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "timeouts must be positive");
        }

        if (options.DeadConnectionTimeout < TimeSpan.Zero)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.DeadConnectionTimeout must be zero (off) or positive");
        }

        if (options.DeadMediaTimeout != TimeSpan.Zero && (options.DeadMediaTimeout < MinDeadMediaTimeout || options.DeadMediaTimeout > MaxDeadMediaTimeout))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "options.DeadMediaTimeout must be zero (off) or from 0.5 s to 20 s");
        }

        _certificatePins = ServerCertificatePins.From(options.ServerCertificateSha256);
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _context = SynchronizationContext.Current;
    }

    private static readonly TimeSpan MinDeadMediaTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDeadMediaTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Whether the room's media connections watch their path (<see cref="LiveClientOptions.DeadMediaTimeout"/>).</summary>
    internal bool WatchesMediaPath => _options.DeadMediaTimeout > TimeSpan.Zero;

    /// <summary>
    /// The settings of a room's media connection bound to <paramref name="localAddress"/>: its transports, and with the
    /// dead-media watch on, a path check every quarter of <see cref="LiveClientOptions.DeadMediaTimeout"/> (at most one
    /// a second) and Disconnected after the timeout without an answer.
    /// </summary>
    internal RtcClientOptions MediaConnectionOptions(System.Net.IPAddress localAddress)
    {
        var timeout = _options.DeadMediaTimeout;
        if (timeout == TimeSpan.Zero)
        {
            return new RtcClientOptions { LocalAddress = localAddress, IceTransports = _options.MediaTransports };
        }

        var interval = timeout / 4 < TimeSpan.FromSeconds(1) ? timeout / 4 : TimeSpan.FromSeconds(1);
        return new RtcClientOptions { LocalAddress = localAddress, IceTransports = _options.MediaTransports, LivenessInterval = interval, DisconnectedTimeout = timeout };
    }

    /// <summary>The address the room's media connections bind (<see cref="LiveClientOptions.MediaLocalAddress"/>, else the route to the server).</summary>
    internal Task<System.Net.IPAddress> MediaLocalAddressAsync(CancellationToken cancellationToken) =>
        Media.MediaAddressChooser.ChooseAsync(_options.MediaLocalAddress, _options.ServerUrl!, cancellationToken);

    /// <summary>The session was ended by the server: 8050 (kicked out by another login or an admin) or 8051 (userSig expired).</summary>
    public event EventHandler<ForcedOfflineEventArgs>? ForcedOffline;

    /// <summary>The connection state changed.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>The server sent something the SDK cannot read (8052), or reported an error outside any request.</summary>
    public event EventHandler<ForcedOfflineEventArgs>? ProtocolError;

    /// <summary>The logged-in user's id.</summary>
    public string? UserId { get; private set; }

    /// <summary>The logged-in user's tinyId (iLiveSDK's numeric id).</summary>
    public ulong TinyId { get; private set; }

    /// <summary>When the current userSig expires; renew it before with <see cref="RenewUserSigAsync"/>.</summary>
    public DateTimeOffset? SigExpiresAt { get; private set; }

    /// <summary>
    /// The ICE servers the latest login issued (empty when the server configures none, and while logged out). Every
    /// login, a resumed one included, replaces them with fresh credentials; a credential is valid for the server's
    /// <c>OpenLive:Turn:CredentialLifetime</c> (12 hours by default) from that login.
    /// </summary>
    public IReadOnlyList<IceServer> IceServers { get; private set; } = [];

    /// <summary>The connection state.</summary>
    public ConnectionState State { get; private set; }

    /// <summary>True while logged in.</summary>
    public bool IsLoggedIn => State == ConnectionState.Connected;

    /// <summary>The app this client logs in to.</summary>
    public uint SdkAppId => _options.SdkAppId;

    /// <summary>Logs in with a userSig issued for this app and user.</summary>
    /// <exception cref="LiveException">8005/8021 bad arguments; 8024 already logged in; 8011 another login is running;
    /// 8012 server unreachable; 8051 expired ticket; TLSSDK codes for other ticket failures; 8007 cancelled; 1005 timeout.</exception>
    public async Task LoginAsync(string userId, string userSig, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        if (userId is null || userSig is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, userId is null ? "userId is null" : "userSig is null");
        }

        if (userId.Length == 0 || userSig.Length == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, userId.Length == 0 ? "userId is empty" : "userSig is empty");
        }

        if (!await _sessionGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new LiveException(ILiveErrorCode.BusyHere, "another login or logout is still running");
        }

        try
        {
            if (State == ConnectionState.Connected)
            {
                throw new LiveException(ILiveErrorCode.AlreadyState, $"already logged in as \"{UserId}\"");
            }

            SetState(ConnectionState.Connecting, null);
            SignalingConnection connection;
            try
            {
                connection = await SignalingConnection.ConnectAsync(_options.ServerUrl!, _certificatePins, _options.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (LiveException e)
            {
                SetState(ConnectionState.Disconnected, e);
                throw;
            }

            Wire(connection);
            LoginResult result;
            try
            {
                result = await RequestLoginAsync(connection, userId, userSig, resumeToken: null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                SetState(ConnectionState.Disconnected, null);
                throw;
            }

            _userSig = userSig;
            UserId = userId;
            AdoptLogin(connection, result);
            SetState(ConnectionState.Connected, null);
            connection.ReleasePushes(); // pushes that came with the login answer, now that the client is connected
            RingAfterLogin(result);
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>Logs out and closes the connection.</summary>
    /// <exception cref="LiveException">8009 when not logged in.</exception>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        var connection = RequireConnection();
        if (_room is { } room)
        {
            throw new LiveException(AVErrorCode.RoomNotExited, $"still in room {room.Id}; quit it before logging out");
        }

        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await connection.RequestAsync(new ClientFrame { Logout = new Logout() }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await TearDownAsync(connection, null).ConfigureAwait(false);
            }
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>Replaces the session's userSig before it expires (the server then ends the session at the new expiry).</summary>
    public async Task RenewUserSigAsync(string userSig, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        if (userSig is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, "userSig is null");
        }

        var reply = await RequireConnection().RequestAsync(new ClientFrame { RenewUserSig = new RenewUserSig { UserSig = userSig } }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        SigExpiresAt = DateTimeOffset.FromUnixTimeSeconds(reply.RenewUserSig.SigExpiresAt);
        _userSig = userSig;
    }

    /// <summary>The tinyId of a user of this app (1502 when the server knows no such user).</summary>
    public async Task<ulong> GetTinyIdAsync(string userId, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        ArgumentNullException.ThrowIfNull(userId);
        var request = new ResolveUsers();
        request.UserIds.Add(userId);
        var reply = await RequireConnection().RequestAsync(new ClientFrame { ResolveUsers = request }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return reply.ResolveUsers.Users[0].TinyId;
    }

    /// <summary>The user id of a tinyId (1501 when the server knows no such tinyId).</summary>
    public async Task<string> GetUserIdAsync(ulong tinyId, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        var request = new ResolveUsers();
        request.TinyIds.Add(tinyId);
        var reply = await RequireConnection().RequestAsync(new ClientFrame { ResolveUsers = request }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return reply.ResolveUsers.Users[0].UserId;
    }

    /// <summary>Stops the client (iLiveSDK's StopContext): logs out if logged in. The client cannot be used afterwards.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        CheckThread();
        if (_room is { } room)
        {
            throw new LiveException(AVErrorCode.ContextNotStopped, $"still in room {room.Id}; quit it before stopping the client");
        }

        if (_connection is { } connection)
        {
            try
            {
                await LogoutAsync().ConfigureAwait(false);
            }
            catch (LiveException)
            {
                await TearDownAsync(connection, null).ConfigureAwait(false);
            }
        }

        _stopped = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            if (_connection is { } connection)
            {
                await TearDownAsync(connection, null).ConfigureAwait(false);
            }
        }

        _sessionGate.Dispose();
        _roomGate.Dispose();
    }
}
