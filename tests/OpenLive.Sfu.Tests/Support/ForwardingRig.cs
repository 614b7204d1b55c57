using System.Buffers.Binary;
using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Srtp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>
/// One publisher track forwarded to N subscribers with real SRTP on both sides and a socket that only counts sends:
/// the SFU's whole per-packet path without ICE, DTLS or the network. Shared by tests and benchmarks.
/// </summary>
internal sealed class ForwardingRig : IPublisherEvents, ISubscriberEvents, IDisposable
{
    private readonly SrtpSender _publisherSide;
    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _work = new byte[1500];
    private ushort _sequence;
    private uint _timestamp;

    public ForwardingRig(int subscribers, int payloadLength = 1000, bool video = true, SfuOptions? options = null, TimeProvider? time = null,
        bool vp8Layers = false)
    {
        Vp8Layers = vp8Layers;
        Socket = new CountingSocket();
        options ??= new SfuOptions();
        time ??= TimeProvider.System;
        Options = options;
        Time = time;
        var engineCertificate = Rtc.Dtls.DtlsCertificate.Create();
        var publisherTransport = new WebRtcTransport(1, Socket, engineCertificate, time);
        var keys = Keys(1);
        publisherTransport.UseKeys(keys, new IPEndPoint(IPAddress.Loopback, 40000).Serialize());
        _publisherSide = new SrtpSender(Mirror(keys));
        Publisher = new PublisherConnection("publisher", publisherTransport, this, options);
        publisherTransport.Sink = Publisher;
        var codec = video ? new NegotiatedCodec(96, "VP8", 90000, null, null, 97) : new NegotiatedCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", null);
        var spec = new IncomingTrackSpec(video ? "1" : "0", video ? MediaKind.Video : MediaKind.Audio, video ? TrackSource.Camera : TrackSource.Audio,
            codec, [], Ssrc: 0x1234, RtxSsrc: video ? 0x5678u : null, ExtensionIds.Subscriber);
        Track = new PublishedTrack("publisher", spec, Publisher, options);
        Publisher.SetTracks([Track]);
        _certificate = engineCertificate;
        PayloadLength = payloadLength;
        Video = video;
        for (var i = 0; i < subscribers; i++)
        {
            AddSubscriber();
        }
    }

    private readonly Rtc.Dtls.DtlsCertificate _certificate;
    private int _subscriberCount;

    /// <summary>Adds a connected subscriber to the track (with RTX when the codec has it and <paramref name="rtx"/>).</summary>
    public ForwardedTrack AddSubscriber(bool rtx = true) => AddSubscriberTo(Track, rtx);

    /// <summary>
    /// Adds a connected subscriber to <paramref name="track"/> (another track than the rig's, such as a simulcast one);
    /// it is subscriber number <see cref="SubscriberCount"/> − 1 for <see cref="RtpSentToSubscriber"/>.
    /// </summary>
    public ForwardedTrack AddSubscriberTo(PublishedTrack track, bool rtx = true)
    {
        var i = _subscriberCount++;
        var transport = new WebRtcTransport(10 + i, Socket, _certificate, Time);
        transport.UseKeys(Keys(100 + i), new IPEndPoint(IPAddress.Loopback, 41000 + i).Serialize());
        var subscriber = new SubscriberConnection($"subscriber{i}", transport, this, Options);
        transport.Sink = subscriber;
        var codec = track.Codec;
        var rtxPayloadType = rtx ? (byte)(codec.RtxPayloadType ?? 0) : (byte)0;
        var forwarded = new ForwardedTrack(track, subscriber, "0", (uint)(0x10000 + i), (uint)(0x20000 + i), (byte)codec.PayloadType, rtxPayloadType) { Active = true };
        subscriber.AddTrack(forwarded);
        track.AddSubscriber(forwarded);
        return forwarded;
    }

    /// <summary>Subscribers added so far.</summary>
    public int SubscriberCount => _subscriberCount;

    /// <summary>The RTP (media and RTX) sent to subscriber <paramref name="index"/> among <see cref="CountingSocket.Datagrams"/>, unprotected, in sending order.</summary>
    public List<byte[]> RtpSentToSubscriber(int index)
    {
        using var receiver = new SrtpReceiver(Mirror(Keys(100 + index)));
        var packets = new List<byte[]>();
        foreach (var datagram in Socket.Datagrams)
        {
            var copy = datagram.ToArray();
            if (copy.Length > 12 && copy[1] is < 192 or > 223 && receiver.UnprotectRtp(copy, copy.Length, out var plain) == SrtpStatus.Ok)
            {
                packets.Add(copy[..plain]);
            }
        }

        return packets;
    }

    private readonly Dictionary<int, SrtpSender> _subscriberSides = [];

    public void Dispose()
    {
        _publisherSide.Dispose();
        foreach (var sender in _subscriberSides.Values)
        {
            sender.Dispose();
        }
    }

    /// <summary>
    /// Feeds RTCP to subscriber <paramref name="index"/>'s transport as that subscriber would send it: SRTCP-protected
    /// with its keys, then through <see cref="WebRtcTransport.OnSrtp"/> (the path a datagram from the network takes).
    /// </summary>
    public void SendRtcpFromSubscriber(int index, ReadOnlySpan<byte> rtcp)
    {
        var transport = Track.Subscribers[index].Subscriber.Transport;
        if (!_subscriberSides.TryGetValue(index, out var sender))
        {
            // One sender per subscriber for the rig's life: SRTCP indexes must advance, or the transport drops replays.
            sender = new SrtpSender(Mirror(Keys(100 + index)));
            _subscriberSides[index] = sender;
        }

        var buffer = new byte[rtcp.Length + SrtpSender.MaxRtcpOverhead];
        rtcp.CopyTo(buffer);
        sender.ProtectRtcp(buffer, rtcp.Length, out var protectedLength);
        transport.OnSrtp(buffer.AsSpan(0, protectedLength), isRtcp: true);
    }

    public SfuOptions Options { get; }

    public TimeProvider Time { get; }

    public CountingSocket Socket { get; }

    public PublisherConnection Publisher { get; }

    public PublishedTrack Track { get; }

    public int PayloadLength { get; }

    public bool Video { get; }

    /// <summary>
    /// Whether the synthetic VP8 packets carry a full descriptor as Chromium's temporal layers do (15-bit picture id,
    /// TL0PICIDX, TID 0-2-1-2 with Y on the first TID 1 and 2 of a cycle; three packets per picture, a keyframe every
    /// 30th) instead of a bare S bit: the path that rewrites picture ids and drops temporal layers.
    /// </summary>
    public bool Vp8Layers { get; }

    public int Started { get; private set; }

    /// <summary>Protects the next synthetic packet as the publisher would (a VP8 keyframe start every 100th) and feeds it to the SFU.</summary>
    public void ForwardOne()
    {
        var length = WritePacket(_packet);
        _publisherSide.ProtectRtp(_packet, length, out var protectedLength);
        _packet.AsSpan(0, protectedLength).CopyTo(_work);
        Publisher.Transport.OnSrtp(_work.AsSpan(0, protectedLength), isRtcp: false);
    }

    /// <summary>Feeds the SFU a sender report from the publisher for its stream (what the SFU's own reports to subscribers translate).</summary>
    public void SendSenderReportFromPublisher()
    {
        var buffer = new byte[256];
        var info = new Rtc.Rtcp.SenderInfo(0x1234, Rtc.Rtcp.NtpTime.FromDateTimeOffset(Time.GetUtcNow()), _timestamp, _sequence, (uint)(_sequence * PayloadLength));
        Rtc.Rtcp.SenderReport.TryWrite(buffer, info, [], out var written);
        _publisherSide.ProtectRtcp(buffer, written, out var protectedLength);
        Publisher.Transport.OnSrtp(buffer.AsSpan(0, protectedLength), isRtcp: true);
    }

    /// <summary>
    /// Feeds the SFU a padding-only packet as a sender's bandwidth probe is sent: on <paramref name="ssrc"/> with
    /// <paramref name="payloadType"/> (a stream the SFU cannot route when neither is the track's) and the transport-wide
    /// sequence number <paramref name="transportSequence"/>.
    /// </summary>
    public void SendProbePadding(uint ssrc, byte payloadType, ushort transportSequence)
    {
        // RFC 3550 header with P=1 and X=1, then a one-byte-header extension block (RFC 8285) holding the transport-wide
        // sequence number, then 255 bytes of padding whose last byte counts them.
        var buffer = new byte[12 + 8 + 255];
        buffer[0] = 0x80 | 0x20 | 0x10;
        buffer[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), transportSequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer[12] = 0xBE;
        buffer[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), 1);
        buffer[16] = (byte)((Track.Spec.Extensions.TransportCc << 4) | (Rtc.Rtp.Extensions.TransportWideSequence.Length - 1));
        Rtc.Rtp.Extensions.TransportWideSequence.Write(buffer.AsSpan(17), transportSequence);
        buffer[^1] = 255;
        var work = new byte[buffer.Length + SrtpSender.MaxRtpOverhead];
        buffer.CopyTo(work, 0);
        _publisherSide.ProtectRtp(work, buffer.Length, out var protectedLength);
        Publisher.Transport.OnSrtp(work.AsSpan(0, protectedLength), isRtcp: false);
    }

    /// <summary>The RTCP the SFU sent the publisher among <see cref="CountingSocket.Datagrams"/>, unprotected (for <see cref="CountingSocket.Record"/> runs).</summary>
    public List<byte[]> RtcpSentToPublisher()
    {
        using var receiver = new SrtpReceiver(Mirror(Keys(1)));
        var packets = new List<byte[]>();
        foreach (var datagram in Socket.Datagrams)
        {
            var copy = datagram.ToArray();
            if (copy.Length > 1 && copy[1] is >= 192 and <= 223 && receiver.UnprotectRtcp(copy, copy.Length, out var plain) == SrtpStatus.Ok)
            {
                packets.Add(copy[..plain]);
            }
        }

        return packets;
    }

    /// <summary>Only the publisher's side of <see cref="ForwardOne"/> (write and protect a packet, copy it): the baseline to subtract.</summary>
    public int ProtectOnly()
    {
        var length = WritePacket(_packet);
        _publisherSide.ProtectRtp(_packet, length, out var protectedLength);
        _packet.AsSpan(0, protectedLength).CopyTo(_work);
        return protectedLength;
    }

    private int WritePacket(Span<byte> buffer)
    {
        var sequence = _sequence++;
        if (sequence % 3 == 0)
        {
            _timestamp += 3000;
        }

        buffer[0] = 0x80;
        buffer[1] = (byte)(Video ? 96 : 111);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], 0x1234);
        var payload = buffer.Slice(12, PayloadLength);
        payload.Fill(0x55);
        if (Video && Vp8Layers)
        {
            var picture = sequence / 3;
            var cycle = picture % 4;
            payload[0] = (byte)(0x80 | (sequence % 3 == 0 ? 0x10 : 0x00));
            payload[1] = 0xE0; // I L T
            payload[2] = (byte)(0x80 | ((picture >> 8) & 0x7F));
            payload[3] = (byte)picture;
            payload[4] = (byte)(picture / 4); // TL0PICIDX
            payload[5] = (byte)((cycle switch { 0 => 0, 2 => 1, _ => 2 } << 6) | (cycle is 1 or 2 ? 0x20 : 0));
            payload[6] = (byte)(picture % 30 == 0 ? 0x00 : 0x01);
        }
        else if (Video)
        {
            // VP8 payload descriptor: S=1, PID 0; payload header P bit 0 on every 100th packet = a keyframe start.
            payload[0] = 0x10;
            payload[1] = (byte)(sequence % 100 == 0 ? 0x00 : 0x01);
        }

        return 12 + PayloadLength;
    }

    public void TrackStarted(PublishedTrack track) => Started++;

    public void PublisherClosed(PublisherConnection connection, string reason)
    {
    }

    public void SubscriberClosed(SubscriberConnection connection, string reason)
    {
    }

    private static SrtpKeyingMaterial Keys(int seed)
    {
        var key = new byte[16];
        var salt = new byte[12];
        new Random(seed).NextBytes(key);
        new Random(seed + 1).NextBytes(salt);
        var key2 = new byte[16];
        var salt2 = new byte[12];
        new Random(seed + 2).NextBytes(key2);
        new Random(seed + 3).NextBytes(salt2);
        return new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key2, salt2);
    }

    private static SrtpKeyingMaterial Mirror(SrtpKeyingMaterial keys) =>
        new(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, keys.LocalMasterKey, keys.LocalMasterSalt);

    /// <summary>A media socket that sends nothing and counts.</summary>
    internal sealed class CountingSocket : IMediaSocket
    {
        public long Sent { get; private set; }

        public long Bytes { get; private set; }

        /// <summary>When true, a copy of every datagram is kept in <see cref="Datagrams"/> (allocates: not for allocation tests).</summary>
        public bool Record { get; set; }

        public List<byte[]> Datagrams { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
        {
            Sent++;
            Bytes += datagram.Length;
            if (Record)
            {
                Datagrams.Add(datagram.ToArray());
            }
        }

        public void Post(Action action) => action();

        /// <summary>The arrival time handlers see for the datagram being fed (0: "now").</summary>
        public long CurrentArrival { get; set; }
    }
}
