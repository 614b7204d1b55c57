using System.Globalization;
using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component — WebRTC with BUNDLE and rtcp-mux — as the
/// .NET SDK and the load generator use it to reach the server (an ICE-lite peer) or any full agent. It gathers no
/// addresses itself: the owner adds host candidates for the sockets it opened, and remote candidates from the
/// SDP or trickle. It checks pairs paced by Ta with retransmissions (RFC 8445 §6.1.4, §14), answers the peer's
/// checks and learns peer-reflexive candidates from them (§7.3), resolves role conflicts (§7.3.1.1, §7.2.5.1),
/// nominates as the controlling agent with regular nomination (§8.1.1) or follows the peer's nomination when
/// controlled (§7.3.1.5), then keeps consent on the selected pair (RFC 7675).
/// <para>
/// No sockets and no threads of its own: packets go out through an <see cref="IIcePacketSender"/>, come in through
/// <see cref="ProcessPacket"/>, and time is a <see cref="TimeProvider"/> (a one-shot timer re-armed for the next
/// deadline). Thread-safe: every entry point takes the agent's lock; <see cref="StateChanged"/> is raised after the
/// lock is released, on whichever thread made the change (a receive loop or the timer).
/// </para>
/// <para>
/// Simplifications, all within what RFC 8445 allows a single-component agent: the checked pair stands for its valid
/// pair (we always send from the socket a local candidate is the address of, so a peer-reflexive local address
/// learned from XOR-MAPPED-ADDRESS changes nothing we send); a triggered check does not cancel one in progress on
/// the same pair; ordinary checks stop once a pair is selected; no ICE restarts (a new agent does that job).
/// </para>
/// </summary>
public sealed partial class IceAgent : IDisposable
{
    /// <summary>Local candidates kept at most.</summary>
    public const int MaxLocalCandidates = 16;

    /// <summary>Remote candidates kept at most, signaled and peer-reflexive together.</summary>
    public const int MaxRemoteCandidates = 32;

    /// <summary>The longest candidate attribute <see cref="AddRemoteCandidate(string)"/> looks at; browsers write well under 300 characters.</summary>
    public const int MaxCandidateAttributeLength = 1024;

    /// <summary>Candidate pairs kept at most (RFC 8445 §6.1.2.5 suggests 100).</summary>
    public const int MaxPairs = 100;

    private readonly Lock gate = new();
    private readonly IIcePacketSender sender;
    private readonly IceAgentOptions options;
    private readonly TimeProvider timeProvider;
    private readonly long createdAt;
    private readonly ulong tiebreaker;
    private readonly StunIntegrityKey localKey;
    private readonly List<IceLocalCandidate> locals = [];
    private readonly List<IceCandidate> remotes = [];
    private readonly List<IceCandidatePair> pairs = [];
    private readonly List<IceStateChangedEventArgs> pendingEvents = [];
    private readonly byte[] buffer = new byte[StunWriter.MaxIceMessageLength];
    private IceCredentials? remoteCredentials;
    private StunIntegrityKey? remoteKey;
    private ITimer? timer;
    private IceCandidatePair? selected;
    private IceConnectionState state;
    private IceRole role;
    private bool remoteCandidatesComplete;
    private int peerReflexiveCount;
    private bool disposed;

    /// <summary>
    /// An agent that sends through <paramref name="sender"/> and keeps time with <paramref name="timeProvider"/>
    /// (the system clock when null). Throws <see cref="ArgumentOutOfRangeException"/> for unusable options.
    /// </summary>
    public IceAgent(IIcePacketSender sender, IceAgentOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        this.sender = sender;
        this.options = options ?? new IceAgentOptions();
        this.options.Validate();
        this.timeProvider = timeProvider ?? TimeProvider.System;
        createdAt = this.timeProvider.GetTimestamp();
        LocalCredentials = this.options.LocalCredentials ?? IceCredentials.Generate();
        localKey = new StunIntegrityKey(LocalCredentials.PasswordUtf8);
        tiebreaker = this.options.Tiebreaker ?? StunTransactionId.NewRandom().High;
        role = this.options.RemoteIsLite ? IceRole.Controlling : this.options.Role;
    }

    /// <summary>Raised on every state change, and when the selected pair changes while connected.</summary>
    public event EventHandler<IceStateChangedEventArgs>? StateChanged;

    /// <summary>Our ufrag and password, for the SDP.</summary>
    public IceCredentials LocalCredentials { get; }

    /// <summary>The current state.</summary>
    public IceConnectionState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>The current role (a role conflict may have switched it).</summary>
    public IceRole Role
    {
        get
        {
            lock (gate)
            {
                return role;
            }
        }
    }

    /// <summary>Where media goes; null until a pair is selected.</summary>
    public IceSelectedPair? SelectedPair
    {
        get
        {
            lock (gate)
            {
                return DescribeSelected();
            }
        }
    }

    private TimeSpan Now => timeProvider.GetElapsedTime(createdAt);

    /// <summary>
    /// Adds a host candidate: the address of a socket the owner opened, identified to the sender by
    /// <paramref name="socketId"/>. Earlier candidates get higher local preference. Returns the candidate to signal.
    /// </summary>
    public IceCandidate AddLocalCandidate(IPEndPoint endpoint, int socketId) => AddLocal(endpoint, socketId, null);

    /// <summary>
    /// Adds an active ICE-TCP candidate (RFC 6544): the owner's TCP connection from <paramref name="endpoint"/> to the
    /// peer's passive candidate <paramref name="connectedTo"/>, identified to the sender by <paramref name="socketId"/>.
    /// It pairs with that candidate only (add it with <see cref="AddRemoteCandidate(IceCandidate)"/>), and UDP
    /// candidates never pair with TCP ones. Returns the candidate as the agent knows it (its address is the
    /// connection's; an active candidate is signaled with port 9, which is the owner's to write).
    /// </summary>
    public IceCandidate AddLocalTcpCandidate(IPEndPoint endpoint, int socketId, IPEndPoint connectedTo)
    {
        ArgumentNullException.ThrowIfNull(connectedTo);
        return AddLocal(endpoint, socketId, Unmapped(connectedTo));
    }

    private IceCandidate AddLocal(IPEndPoint endpoint, int socketId, IPEndPoint? connectedTo)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        IceCandidate candidate;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (locals.Count >= MaxLocalCandidates)
            {
                throw new InvalidOperationException($"An agent takes at most {MaxLocalCandidates} local candidates.");
            }

            if (FindLocal(socketId) is not null)
            {
                throw new ArgumentException("Each local candidate needs its own socket id.", nameof(socketId));
            }

            endpoint = Unmapped(endpoint);
            var localPreference = IcePriority.MaxLocalPreference - locals.Count;
            var foundation = FoundationOf(endpoint.Address, tcp: connectedTo is not null);
            var priority = IcePriority.Candidate(IceCandidateType.Host, localPreference, 1);
            candidate = connectedTo is null
                ? IceCandidate.ForUdp(foundation, 1, priority, endpoint, IceCandidateType.Host)
                : new IceCandidate
                {
                    Foundation = foundation,
                    Transport = "tcp",
                    Priority = priority,
                    Address = endpoint.Address.ToString(),
                    Port = endpoint.Port,
                    Type = IceCandidateType.Host,
                    TcpType = IceTcpType.Active,
                };
            var local = new IceLocalCandidate(candidate, socketId, localPreference, connectedTo);
            locals.Add(local);
            foreach (var remote in remotes)
            {
                AddPair(local, remote);
            }

            Advance(Now);
        }

        RaisePendingEvents();
        return candidate;
    }

    /// <summary>Our candidates, to signal.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (gate)
            {
                return [.. locals.Select(l => l.Candidate)];
            }
        }
    }

    /// <summary>
    /// Sets the peer's ufrag and password from its SDP. False when they break the RFC 8839 grammar, or differ from
    /// ones already set (that would be an ICE restart, which needs a new agent).
    /// </summary>
    public bool SetRemoteCredentials(string ufrag, string password)
    {
        if (!IceCredentials.TryCreate(ufrag, password, out var credentials))
        {
            return false;
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (remoteCredentials is not null)
            {
                return remoteCredentials.Ufrag == ufrag && remoteCredentials.Password == password;
            }

            remoteCredentials = credentials;
            remoteKey = new StunIntegrityKey(credentials.PasswordUtf8);
            Advance(Now);
        }

        RaisePendingEvents();
        return true;
    }

    /// <summary>
    /// Adds a remote candidate from an SDP or trickled <c>candidate:</c> attribute (with or without <c>a=</c>, at most
    /// <see cref="MaxCandidateAttributeLength"/> characters). False, and ignored, when the text is not a usable
    /// candidate: malformed, neither UDP nor passive TCP, not component 1, or a host name such as an mDNS <c>.local</c> name — this agent
    /// resolves no names, and RFC 8445 §5.1.1 lets an agent skip candidates it cannot use.
    /// </summary>
    public bool AddRemoteCandidate(string attribute)
    {
        if (attribute is null || attribute.Length > MaxCandidateAttributeLength)
        {
            return false;
        }

        var text = attribute.AsSpan().TrimStart();
        return (text.StartsWith("a=candidate:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
            && IceCandidate.TryParse(attribute, out var candidate) && AddRemoteCandidate(candidate);
    }

    /// <summary>
    /// Adds a remote candidate; false when it is not a UDP candidate (or a passive ICE-TCP one, which pairs only with
    /// an active TCP candidate of ours, see <see cref="AddLocalTcpCandidate"/>) of component 1 at an IP address, is
    /// already known, or the list is full.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var tcp = candidate.IsTcp && candidate.TcpType == IceTcpType.Passive;
        if (candidate.Component != 1 || !(candidate.IsUdp || tcp) || candidate.Endpoint is not { } given || (tcp && given.Address.IsIPv4MappedToIPv6))
        {
            return false;
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var endpoint = Unmapped(given);
            if (FindRemote(endpoint, tcp) is not null || remotes.Count >= MaxRemoteCandidates)
            {
                return false;
            }

            // Every candidate the agent keeps has an IP endpoint (made by ForUdp or checked above): the pairs rely on it.
            if (!ReferenceEquals(endpoint, given))
            {
                candidate = IceCandidate.ForUdp(candidate.Foundation, 1, candidate.Priority, endpoint, candidate.Type, candidate.TryGetRelatedEndpoint(out var related) ? related : null);
            }

            remotes.Add(candidate);
            foreach (var local in locals)
            {
                AddPair(local, candidate);
            }

            Advance(Now);
        }

        RaisePendingEvents();
        return true;
    }

    /// <summary>The peer has signaled all its candidates: once every pair has failed, the agent fails.</summary>
    public void EndOfRemoteCandidates()
    {
        lock (gate)
        {
            remoteCandidatesComplete = true;
            Advance(Now);
        }

        RaisePendingEvents();
    }

    /// <summary>Starts checking (or, controlled, waiting for the peer's checks to trigger ours).</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (state != IceConnectionState.New)
            {
                return;
            }

            connectDeadline = Now + options.ConnectTimeout;
            timer = timeProvider.CreateTimer(static agent => ((IceAgent)agent!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            SetState(IceConnectionState.Checking);
            Advance(Now);
        }

        RaisePendingEvents();
    }

    /// <summary>
    /// Feeds a datagram the demultiplexer classified as STUN, received from <paramref name="source"/> on the socket
    /// <paramref name="localSocketId"/>. Checks from the peer are answered; responses to our checks advance the
    /// checklist or consent. Anything else, or anything on a socket id no local candidate has, is ignored; never
    /// throws on bad bytes.
    /// </summary>
    public void ProcessPacket(ReadOnlySpan<byte> packet, IPEndPoint source, int localSocketId)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!StunMessage.TryParse(packet, out var message))
        {
            return;
        }

        source = Unmapped(source);
        lock (gate)
        {
            // Nothing to answer from on a socket we were never told about.
            if (disposed || state is IceConnectionState.Failed or IceConnectionState.Closed || FindLocal(localSocketId) is null)
            {
                return;
            }

            var now = Now;
            switch (message.Class)
            {
                case StunClass.Request:
                    HandleRequest(message, source, localSocketId, now);
                    break;
                case StunClass.SuccessResponse or StunClass.ErrorResponse:
                    HandleResponse(message, source, localSocketId, now);
                    break;
            }

            Advance(now);
        }

        RaisePendingEvents();
    }

    /// <summary>Stops everything; the state becomes <see cref="IceConnectionState.Closed"/>.</summary>
    public void Close()
    {
        lock (gate)
        {
            if (state == IceConnectionState.Closed)
            {
                return;
            }

            StopChecks();
            timer?.Dispose();
            timer = null;
            SetState(IceConnectionState.Closed);
        }

        RaisePendingEvents();
    }

    /// <summary>Closes the agent and releases its keys.</summary>
    public void Dispose()
    {
        Close();
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            localKey.Dispose();
            remoteKey?.Dispose();
        }
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (disposed || timer is null)
            {
                return;
            }

            Advance(Now);
        }

        RaisePendingEvents();
    }

    /// <summary>Does whatever is due at <paramref name="now"/>, then re-arms the timer for the next deadline.</summary>
    private void Advance(TimeSpan now)
    {
        if (state is IceConnectionState.Checking or IceConnectionState.Connected or IceConnectionState.Disconnected)
        {
            Retransmit(now);
            MaybeNominate(now);
            PaceChecks(now);
            CheckForFailure(now);
            KeepConsent(now);
        }

        Rearm(now);
    }

    private void Rearm(TimeSpan now)
    {
        if (timer is null)
        {
            return;
        }

        var due = NextDeadline();
        timer.Change(due == TimeSpan.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max((due - now).Ticks, TimeSpan.TicksPerMillisecond)), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan NextDeadline()
    {
        if (state is not (IceConnectionState.Checking or IceConnectionState.Connected or IceConnectionState.Disconnected))
        {
            return TimeSpan.MaxValue;
        }

        var due = TimeSpan.MaxValue;
        foreach (var pair in pairs)
        {
            if (pair.InFlight && pair.RetransmitAt < due)
            {
                due = pair.RetransmitAt;
            }
        }

        return Min(Min(due, NextCheckDeadline()), NextConsentDeadline());
    }

    private void SetState(IceConnectionState next, bool evenIfSame = false)
    {
        if (state == next && !evenIfSame)
        {
            return;
        }

        state = next;
        pendingEvents.Add(new IceStateChangedEventArgs(next, DescribeSelected()));
    }

    private void Fail()
    {
        StopChecks();
        SetState(IceConnectionState.Failed);
    }

    private void RaisePendingEvents()
    {
        IceStateChangedEventArgs[] raised;
        lock (gate)
        {
            if (pendingEvents.Count == 0)
            {
                return;
            }

            raised = [.. pendingEvents];
            pendingEvents.Clear();
        }

        foreach (var change in raised)
        {
            StateChanged?.Invoke(this, change);
        }
    }

    private IceSelectedPair? DescribeSelected() =>
        selected is null ? null : new IceSelectedPair(selected.Local.Candidate.Endpoint!, selected.Local.SocketId, selected.Remote.Endpoint!);

    /// <summary>Host candidates share a foundation when they share an address and transport (RFC 8445 §5.1.1.3).</summary>
    private string FoundationOf(IPAddress address, bool tcp)
    {
        var same = locals.Find(l => l.Candidate.Endpoint!.Address.Equals(address) && (l.ConnectedTo is not null) == tcp);
        return same?.Candidate.Foundation ?? (locals.Count + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; candidates name them a.b.c.d.</summary>
    private static IPEndPoint Unmapped(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
