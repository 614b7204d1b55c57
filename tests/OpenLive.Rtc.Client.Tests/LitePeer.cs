using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;
using SdpFeedback = OpenLive.Rtc.Sdp.RtcpFeedback;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>
/// A minimal server peer shaped like the SFU: ICE-lite (<see cref="IceLiteResponder"/>), DTLS from
/// <see cref="DtlsTransport"/>, SRTP, one UDP socket on loopback. It answers a client's offer (passive, recvonly,
/// first codec and its RTX) or offers one sendonly video m-line itself (actpass), and counts what arrives.
/// </summary>
internal sealed class LitePeer : IDtlsDatagramSender, IDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Create("lite peer");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IceLiteResponder _ice;
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<uint, int> _packetsBySsrc = new();
    private readonly ConcurrentQueue<uint> _plis = new();
    private readonly byte[] _send = new byte[2048];
    private readonly Lock _sendGate = new();
    private readonly uint _ssrc = 0x5EED0001;
    private DtlsTransport? _dtls;
    private volatile SrtpReceiver? _receiver;
    private SrtpSender? _sender;
    private volatile IPEndPoint? _selected;
    private readonly ConcurrentDictionary<uint, string> _ridBySsrc = new();
    private int _ridId;
    private int _repairedRidId;
    private ushort _sequence;
    private volatile bool _stopping;

    public LitePeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ice = new IceLiteResponder(IceCredentials.Generate(), TimeProvider.System);
        _thread = new Thread(Receive) { IsBackground = true, Name = "lite peer" };
        _thread.Start();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public uint Ssrc => _ssrc;

    public bool Connected => _receiver is not null;

    public int PacketsFrom(uint ssrc) => _packetsBySsrc.TryGetValue(ssrc, out var count) ? count : 0;

    /// <summary>The rid (or "repaired:" + the repaired rid) the packets of an SSRC carried, with simulcast.</summary>
    public string? RidOf(uint ssrc) => _ridBySsrc.TryGetValue(ssrc, out var rid) ? rid : null;

    /// <summary>VP8 (payload type 96) keyframes received.</summary>
    public int KeyframesSeen { get; private set; }

    public IReadOnlyCollection<uint> PictureLossRequests => [.. _plis];

    /// <summary>Answers a client's offer the way the SFU's publish answer does.</summary>
    public string Answer(string offerText)
    {
        Assert.True(SessionDescription.TryParse(offerText, out var offer, out var error), error);
        var answer = new SessionDescription { IceLite = true };
        var mids = new List<string>();
        foreach (var offered in offer.Media)
        {
            var section = MediaDescription.CreateRtp(offered.Kind, offered.Mid!, MediaDirection.ReceiveOnly);
            section.RtcpReducedSize = true;
            var codec = offered.Codecs.First(c => !c.IsRtx);
            section.Codecs.Add(codec);
            section.Codecs.AddRange(offered.Codecs.Where(c => c.IsRtx && c.AssociatedPayloadType == codec.PayloadType));
            section.HeaderExtensions.AddRange(offered.HeaderExtensions);
            if (offered.Simulcast is { } simulcast)
            {
                var rids = simulcast.Send.Select(layer => layer.Alternatives[0].Id).ToList();
                section.Rids.AddRange(rids.Select(rid => new RidDescription(rid, RidDirection.Receive)));
                section.Simulcast = Simulcast.Receiving(rids);
                _ridId = offered.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId)!.Id;
                _repairedRidId = offered.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId)!.Id;
            }

            Transport(section, DtlsSetup.Passive);
            answer.Media.Add(section);
            mids.Add(offered.Mid!);
        }

        answer.Groups.Add(new MediaGroup(MediaGroup.Bundle, mids));
        StartDtls(offer.Media[0], DtlsRole.Server);
        return answer.ToString();
    }

    /// <summary>Offers one sendonly VP8 m-line (with RTX and NACK/PLI), as the SFU offers a subscriber what it forwards.</summary>
    public string Offer()
    {
        var offer = new SessionDescription { IceLite = true };
        var section = MediaDescription.CreateRtp(MediaKind.Video, "v0", MediaDirection.SendOnly);
        section.RtcpReducedSize = true;
        var vp8 = new RtpCodec(100, "VP8", 90000);
        vp8.Feedback.AddRange([SdpFeedback.Nack, SdpFeedback.PictureLoss, SdpFeedback.FullIntraRequest]);
        section.Codecs.Add(vp8);
        section.Codecs.Add(RtpCodec.Rtx(101, 100));
        section.HeaderExtensions.Add(new HeaderExtension(4, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid));
        section.SsrcLines.Add(new SsrcLine(_ssrc, SsrcLine.CName, "lite"));
        Transport(section, DtlsSetup.ActPass);
        offer.Media.Add(section);
        offer.Groups.Add(new MediaGroup(MediaGroup.Bundle, ["v0"]));
        return offer.ToString();
    }

    /// <summary>Takes the client's answer to <see cref="Offer"/>: its a=setup decides our DTLS role.</summary>
    public void Accept(string answerText)
    {
        Assert.True(SessionDescription.TryParse(answerText, out var answer, out var error), error);
        var section = answer.Media[0];
        Assert.Equal(MediaDirection.ReceiveOnly, section.Direction);
        StartDtls(section, section.Setup == DtlsSetup.Active ? DtlsRole.Server : DtlsRole.Client);
    }

    /// <summary>Sends one plain RTP packet (PT 100, our SSRC unless another is given, with the MID extension) to the selected client; false until connected.</summary>
    public bool SendRtp(ushort? sequenceNumber, bool marker, uint timestamp, ReadOnlySpan<byte> payload, uint? ssrc = null)
    {
        lock (_sendGate)
        {
            var to = _selected;
            if (_sender is null || to is null)
            {
                return false;
            }

            var writer = new RtpPacketWriter(_send, 100, sequenceNumber ?? _sequence++, timestamp, ssrc ?? _ssrc, marker);
            writer.TryAddExtension(4, "v0"u8);
            Assert.True(writer.TryFinish(payload, 0, out var length));
            Assert.Equal(SrtpStatus.Ok, _sender.ProtectRtp(_send, length, out var protectedLength));
            _socket.SendTo(_send.AsSpan(0, protectedLength), SocketFlags.None, to);
            return true;
        }
    }

    /// <summary>Protects arbitrary bytes as SRTP (RTP) or SRTCP and sends them; false when they do not even look like RTP/RTCP.</summary>
    public bool SendRaw(ReadOnlySpan<byte> plain, bool rtcp)
    {
        lock (_sendGate)
        {
            var to = _selected;
            if (_sender is null || to is null || plain.Length + SrtpSender.MaxRtcpOverhead > _send.Length)
            {
                return false;
            }

            plain.CopyTo(_send);
            var status = rtcp ? _sender.ProtectRtcp(_send, plain.Length, out var length) : _sender.ProtectRtp(_send, plain.Length, out length);
            if (status != SrtpStatus.Ok)
            {
                return false;
            }

            _socket.SendTo(_send.AsSpan(0, length), SocketFlags.None, to);
            return true;
        }
    }

    void IDtlsDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        if (_selected is { } to)
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _dtls?.Dispose();
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(2));
        _ice.Dispose();
    }

    private void Transport(MediaDescription section, DtlsSetup setup)
    {
        section.IceUfrag = _ice.LocalCredentials.Ufrag;
        section.IcePwd = _ice.LocalCredentials.Password;
        var fingerprint = Certificate.SdpFingerprint.Split(' ');
        section.Fingerprints.Add(new Fingerprint(fingerprint[0], fingerprint[1]));
        section.Setup = setup;
        section.Candidates.Add(new IceCandidate
        {
            Foundation = "1",
            Transport = "udp",
            Priority = 2130706431,
            Address = "127.0.0.1",
            Port = LocalEndPoint.Port,
            Type = IceCandidateType.Host,
        });
        section.EndOfCandidates = true;
    }

    private void StartDtls(MediaDescription remote, DtlsRole role)
    {
        _ice.SetRemoteUfrag(remote.IceUfrag!);
        var fingerprints = remote.Fingerprints.Select(f => DtlsFingerprint.TryParse($"{f.HashFunction} {f.Value}", out var parsed) ? parsed : null).OfType<DtlsFingerprint>().ToList();
        _dtls = new DtlsTransport(role, Certificate, fingerprints, this);
        var dtls = _dtls;
        _ = Task.Run(async () =>
        {
            var result = await dtls.StartAsync();
            lock (_sendGate)
            {
                _sender = new SrtpSender(result.Keys);
            }

            _receiver = new SrtpReceiver(result.Keys);
        });
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        var response = new byte[IceLiteResponder.MaxResponseLength];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var packet = buffer.AsSpan(0, length);
            var source = (IPEndPoint)from;
            switch (PacketClassifier.Classify(packet))
            {
                case PacketKind.Stun:
                    var result = _ice.HandleRequest(packet, source, response, out var responseLength);
                    if (responseLength > 0)
                    {
                        _socket.SendTo(response.AsSpan(0, responseLength), SocketFlags.None, source);
                    }

                    if (result == IceLiteResult.Nominated)
                    {
                        _selected = _ice.SelectedEndpoint;
                    }

                    break;
                case PacketKind.Dtls:
                    _dtls?.Enqueue(packet);
                    break;
                case PacketKind.RtpOrRtcp when _receiver is { } receiver:
                    OnSrtp(receiver, packet);
                    break;
            }
        }
    }

    private void OnSrtp(SrtpReceiver receiver, Span<byte> packet)
    {
        if (PacketClassifier.IsRtcp(packet))
        {
            if (receiver.UnprotectRtcp(packet, packet.Length, out var plain) == SrtpStatus.Ok)
            {
                var reader = new RtcpReader(packet[..plain]);
                while (reader.TryRead(out var rtcp))
                {
                    if (PictureLossIndication.TryParse(rtcp, out _, out var media))
                    {
                        _plis.Enqueue(media);
                    }
                }
            }

            return;
        }

        if (receiver.UnprotectRtp(packet, packet.Length, out var length) == SrtpStatus.Ok && RtpHeader.TryParse(packet[..length], out var header))
        {
            // The rid first, then the count: a test that sees a packet counted reads its rid on another thread.
            if (_ridId != 0 && SdesExtension.TryGetValue(packet[..length], header, _ridId, out var rid))
            {
                _ridBySsrc[header.Ssrc] = System.Text.Encoding.ASCII.GetString(rid);
            }
            else if (_repairedRidId != 0 && SdesExtension.TryGetValue(packet[..length], header, _repairedRidId, out var repaired))
            {
                _ridBySsrc[header.Ssrc] = "repaired:" + System.Text.Encoding.ASCII.GetString(repaired);
            }

            _packetsBySsrc.AddOrUpdate(header.Ssrc, 1, static (_, count) => count + 1);

            if (header.PayloadType == 96 && OpenLive.Rtc.Rtp.Codecs.Vp8Descriptor.TryParse(header.GetPayload(packet[..length]), out var descriptor) && descriptor.IsKeyframe)
            {
                KeyframesSeen++;
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lite peer on {LocalEndPoint}");
}
