using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Active ICE-TCP (RFC 6544): with <see cref="RtcClientOptions.IceTransports"/> allowing TCP, the connection opens one
/// TCP connection to each passive TCP candidate of the peer (the SFU's TCP media port) as soon as the remote
/// description is applied — before the first check, as RFC 6544 §7.1 has the active side do — and gives each to the
/// ICE agent as a local candidate of its own, paired with the candidate it reaches. The checks, DTLS and SRTP then run
/// on the pair ICE selects, RFC 4571-framed. A connection that cannot be opened, or that breaks while it carries the
/// selected pair, fails the connection: TCP has no consent to wait for, the peer is gone from that path.
/// </summary>
public sealed partial class RtcClientConnection : IIceTcpFrameSink
{
    /// <summary>The ICE agent's id of the UDP socket; ICE-TCP connections are 1, 2, …</summary>
    private const int UdpSocketId = 0;

    /// <summary>Passive candidates connected to at most: the SFU announces one per interface address.</summary>
    private const int MaxTcpPaths = 8;

    // Copy on write under the connection lock; read without it (the ICE agent's sender runs under the agent's lock).
    private volatile IceTcpConnection[] _tcpPaths = [];

    // The ICE-TCP connection carrying the selected pair, or null for UDP.
    private volatile IceTcpConnection? _tcpPath;

    // Bit tests, not Enum.HasFlag: that boxes where the JIT does not optimize (Debug), and these run per packet.
    private bool UdpAllowed => (_options.IceTransports & RtcIceTransports.Udp) != 0;

    private bool TcpAllowed => (_options.IceTransports & RtcIceTransports.Tcp) != 0;

    /// <summary>The peer's passive TCP candidates our address family can reach, at most <see cref="MaxTcpPaths"/>.</summary>
    private List<(IceCandidate Candidate, IPEndPoint Endpoint)> PassiveTcpCandidates(RemoteTransport transport)
    {
        var found = new List<(IceCandidate, IPEndPoint)>();
        foreach (var candidate in transport.Candidates)
        {
            if (candidate.IsTcp && candidate.TcpType == IceTcpType.Passive && candidate.Component == 1 && candidate.TryGetEndpoint(out var endpoint)
                && endpoint.Port != 0 && endpoint.AddressFamily == _options.LocalAddress.AddressFamily && found.Count < MaxTcpPaths)
            {
                found.Add((candidate, endpoint));
            }
        }

        return found;
    }

    /// <summary>Opens every path (thread pool); with TCP alone, fails the connection when none opens.</summary>
    private async Task OpenTcpPathsAsync(List<(IceCandidate Candidate, IPEndPoint Endpoint)> passive)
    {
        if (passive.Count == 0)
        {
            if (!UdpAllowed)
            {
                Shutdown(RtcConnectionState.Failed, "ICE-TCP: the peer announced no passive TCP candidate we can reach (is the server's TCP media port disabled?)");
            }

            return;
        }

        var errors = new string[passive.Count];
        var opened = await Task.WhenAll(passive.Select((p, i) => OpenTcpPathAsync(i + 1, p.Candidate, p.Endpoint, errors))).ConfigureAwait(false);
        if (!UdpAllowed && !opened.Contains(true))
        {
            Shutdown(RtcConnectionState.Failed, $"ICE-TCP: no connection to the peer's passive candidates could be opened ({string.Join("; ", errors)})");
        }
    }

    private async Task<bool> OpenTcpPathAsync(int socketId, IceCandidate candidate, IPEndPoint endpoint, string[] errors)
    {
        IceTcpConnection path;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            deadline.CancelAfter(_options.IceConnectTimeout);
            path = await IceTcpConnection.ConnectAsync(socketId, _options.LocalAddress, endpoint, this, _options.TcpSendQueueSize, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            errors[socketId - 1] = $"{endpoint}: {e.SocketErrorCode}";
            return false;
        }
        catch (OperationCanceledException)
        {
            errors[socketId - 1] = $"{endpoint}: no answer within {_options.IceConnectTimeout.TotalSeconds:0.#} s";
            return false;
        }
        catch (ObjectDisposedException)
        {
            errors[socketId - 1] = "closed";
            return false;
        }

        IceTcpConnection? orphan = null;
        lock (_gate)
        {
            if (_closed || _ice is null)
            {
                orphan = path;
            }
            else
            {
                _tcpPaths = [.. _tcpPaths, path];
            }
        }

        if (orphan is not null)
        {
            orphan.Dispose();
            return false;
        }

        path.Start();
        try
        {
            // The remote first: a local candidate without a pair would count as every pair failed. The agent pairs the
            // connection with this candidate only (RFC 6544 §6.2), and our UDP candidate never with it.
            var agent = _ice!;
            agent.AddRemoteCandidate(candidate);
            agent.AddLocalTcpCandidate(path.LocalEndPoint, socketId, endpoint);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The open ICE-TCP connection with this agent socket id.</summary>
    private IceTcpConnection? FindTcpPath(int socketId)
    {
        foreach (var path in _tcpPaths)
        {
            if (path.SocketId == socketId)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Every complete frame of a connection, through the demultiplexer (its reader thread).</summary>
    Rfc4571FrameStatus IIceTcpFrameSink.OnFrames(IceTcpConnection connection, Rfc4571FrameReader reader)
    {
        lock (_receiveGate)
        {
            Rfc4571FrameStatus status;
            while ((status = reader.TryRead(out var frame)) == Rfc4571FrameStatus.Frame)
            {
                OnPacket(frame, connection.RemoteAddress, connection.Remote, connection.SocketId);
            }

            return status;
        }
    }

    /// <summary>
    /// A connection ended (its reader thread). Carrying the selected pair, or the last hope of a TCP-only connection
    /// still checking, it fails the connection; otherwise ICE carries on with the other paths.
    /// </summary>
    void IIceTcpFrameSink.OnClosed(IceTcpConnection connection, string reason)
    {
        // The agent's lock is never taken inside the connection lock (its sender looks paths up without it).
        var selected = _ice?.SelectedPair;
        bool fatal;
        lock (_gate)
        {
            _tcpPaths = [.. _tcpPaths.Where(p => !ReferenceEquals(p, connection))];
            fatal = !_closed && (ReferenceEquals(_tcpPath, connection)
                || selected?.LocalSocketId == connection.SocketId
                || (!UdpAllowed && _tcpPaths.Length == 0 && selected is null));
        }

        if (fatal)
        {
            Shutdown(RtcConnectionState.Failed, $"the ICE-TCP connection to {connection.Remote} closed: {reason}");
        }
    }

    /// <summary>Closes every ICE-TCP connection (shutdown).</summary>
    private void CloseTcpPaths()
    {
        IceTcpConnection[] paths;
        lock (_gate)
        {
            paths = _tcpPaths;
            _tcpPaths = [];
        }

        foreach (var path in paths)
        {
            path.Dispose();
        }
    }
}
