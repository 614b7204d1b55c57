using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>
/// A <see cref="WebRtcTransport"/> already keyed to one browser (SRTP keys, its ICE ufrag and password, media aimed at
/// the peer's first address) on a fake clock and a socket that records every datagram with where it went: what the
/// path tests drive with checks and answers, then ask where media goes.
/// </summary>
internal sealed class KeyedTransportRig : IDisposable
{
    public const string PeerUfrag = "brws";
    public const string PeerPassword = "browser-password-0123456789";

    private readonly byte[] _media = new byte[200];
    private ushort _sequence;

    public KeyedTransportRig(SocketAddress peer)
    {
        Transport = new WebRtcTransport(1, Socket, Rtc.Dtls.DtlsCertificate.Create(), Time);
        var key = new byte[16];
        var salt = new byte[12];
        Transport.UseKeys(new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key, salt), peer, PeerUfrag, PeerPassword);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch);

    public RecordingSocket Socket { get; } = new();

    public WebRtcTransport Transport { get; }

    /// <summary>The browser's check to the transport, signed with its ICE password or <paramref name="password"/>.</summary>
    public byte[] Check(bool useCandidate, string? password = null) =>
        StunChecks.Check(Transport.LocalIce.Ufrag, PeerUfrag, password ?? Transport.LocalIce.Password, useCandidate);

    /// <summary>Sends one RTP packet through the transport and returns where it went.</summary>
    public SocketAddress SendMedia()
    {
        _media[0] = 0x80;
        _media[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(_media.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_media.AsSpan(8), 0x1234);
        Assert.True(Transport.SendRtp(_media, 100));
        return Socket.Sent[^1].To;
    }

    /// <summary>The transport's own Binding requests sent to <paramref name="to"/>, oldest first.</summary>
    public List<byte[]> RequestsTo(SocketAddress to) =>
        [.. Socket.Sent.Where(s => s.To.Equals(to) && StunChecks.IsBindingRequest(s.Datagram)).Select(s => s.Datagram)];

    public void Dispose() => Transport.Dispose();

    /// <summary>A media socket that keeps every datagram and a copy of its destination (a UDP address or a TCP path).</summary>
    internal sealed class RecordingSocket : IMediaSocket
    {
        public List<(byte[] Datagram, SocketAddress To)> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, SocketAddress to) => Sent.Add((datagram.ToArray(), SocketAddresses.Copy(to)));

        public void Post(Action action) => action();

        public long CurrentArrival => 0;
    }
}
