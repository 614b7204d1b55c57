using System.Net;
using System.Text;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Transport;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Transports;

/// <summary>
/// The media thread's demultiplexer: every datagram on the node's UDP port goes to one transport. First packets are
/// STUN checks routed by the USERNAME's local ufrag; once a check from an address passes, that address routes DTLS and
/// SRTP to the same transport. Both maps belong to the media thread; registration is posted there. Frames of TCP media
/// connections come here too, their connection standing for the address (<see cref="TcpPathAddress"/>): one
/// demultiplexer, two ways in.
/// </summary>
internal sealed class TransportRegistry : IDatagramHandler, ITcpFrameHandler
{
    private const int MaxUfragLength = 256;

    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, WebRtcTransport> _byAddress = [];
    private readonly List<WebRtcTransport> _transports = [];
    private readonly Func<long, long> _tick;
    private readonly SfuOptions _options;

    public TransportRegistry(SfuOptions options, Func<long, long> tick)
    {
        _options = options;
        _tick = tick;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Datagrams dropped: no transport for them, or a kind WebRTC does not use.</summary>
    public long Unrouted { get; private set; }

    public int Count => _transports.Count;

    /// <summary>Called with each TCP path of a transport that closes, so its connection closes too (set before the media thread starts).</summary>
    public Action<SocketAddress>? TcpPathRetired { get; set; }

    /// <summary>Adds a transport (media thread).</summary>
    public void Add(WebRtcTransport transport)
    {
        _byUfrag[transport.LocalIce.Ufrag] = transport;
        _transports.Add(transport);
    }

    /// <summary>Removes a closed transport and every address that routed to it (media thread).</summary>
    public void Remove(WebRtcTransport transport)
    {
        _byUfrag.Remove(transport.LocalIce.Ufrag);
        _transports.Remove(transport);
        foreach (var address in transport.KnownAddresses)
        {
            if (_byAddress.TryGetValue(address, out var routed) && ReferenceEquals(routed, transport))
            {
                _byAddress.Remove(address);
            }

            if (TcpPathAddress.TryGetConnectionId(address, out _))
            {
                TcpPathRetired?.Invoke(address);
            }
        }
    }

    public void OnDatagram(Span<byte> packet, SocketAddress from)
    {
        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                OnStun(packet, from);
                break;
            case PacketKind.Dtls when _byAddress.TryGetValue(from, out var transport):
                transport.OnDtls(packet, from);
                break;
            case PacketKind.RtpOrRtcp when _byAddress.TryGetValue(from, out var transport):
                transport.OnSrtp(packet, PacketClassifier.IsRtcp(packet));
                break;
            default:
                Unrouted++;
                break;
        }
    }

    private void OnStun(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (!IceLiteResponder.TryReadLocalUfrag(packet, out var ufragBytes) || ufragBytes.Length > MaxUfragLength)
        {
            // Not a check: a response to our own verification request comes from an address that passed a check.
            if (_byAddress.TryGetValue(from, out var answered))
            {
                answered.OnStunResponse(packet, from);
            }
            else
            {
                Unrouted++;
            }

            return;
        }

        Span<char> ufrag = stackalloc char[ufragBytes.Length];
        Encoding.ASCII.GetChars(ufragBytes, ufrag);
        if (!_byUfragSpan.TryGetValue(ufrag, out var transport))
        {
            Unrouted++;
            return;
        }

        if (transport.OnStun(packet, from) && !_byAddress.TryGetValue(from, out var routed) | !ReferenceEquals(routed, transport))
        {
            // An address that passed a check (MESSAGE-INTEGRITY with this transport's password) routes to it from now on.
            var copy = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span.CopyTo(copy.Buffer.Span);
            _byAddress[copy] = transport;
        }
    }

    public bool IsRouted(SocketAddress path) => _byAddress.ContainsKey(path);

    /// <summary>A TCP connection closed: only that path goes; the transport keeps its other paths.</summary>
    public void OnPathClosed(SocketAddress path)
    {
        if (_byAddress.Remove(path, out var transport))
        {
            transport.ForgetPath(path);
        }
    }

    public long OnTick(long now)
    {
        for (var i = _transports.Count - 1; i >= 0; i--)
        {
            _transports[i].Check(now, _options.ConnectTimeout);
        }

        return _tick(now);
    }
}
