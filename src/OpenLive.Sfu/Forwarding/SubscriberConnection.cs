using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Srtp;
using OpenLive.Sfu.Congestion;
using OpenLive.Sfu.Negotiation;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>What a subscriber connection tells the room (media thread; must return quickly).</summary>
internal interface ISubscriberEvents
{
    void SubscriberClosed(SubscriberConnection connection, string reason);
}

/// <summary>
/// A member's receiving connection: writes and sends every forwarded packet (its own header and extensions, SRTP),
/// and routes the subscriber's feedback — NACKs to each track's <see cref="NackResponder"/> (served from the publishers'
/// histories by <see cref="ForwardedTrackRetransmitter"/>), PLI/FIR to the track's throttled keyframe request, REMB and receiver reports to its bandwidth and loss
/// figures — while the <see cref="SenderReportTranslator"/> sends the reports players sync audio and video with.
/// Media thread only, except the copy-on-write track list.
/// </summary>
internal sealed class SubscriberConnection : ITransportSink
{
    /// <summary>Longest header <see cref="Send"/> writes: 12 fixed + 4 extension header + mid (≤ 17) + 4 + 3 + 2 + padding.</summary>
    private const int MaxHeaderLength = 48;

    private readonly ISubscriberEvents _events;
    private readonly byte[] _send = new byte[RtpSendHistory.SlotSize + MaxHeaderLength + 2 + SrtpSender.MaxRtpOverhead];
    private readonly object _tracksGate = new();
    private readonly SenderReportTranslator _senderReports;
    private readonly RtcpReportScheduler _layerChoice = new(TimeSpan.FromMilliseconds(500));
    private readonly SubscriberBandwidthEstimator _bandwidth;
    private long _wantedBitrate;
    private long _estimateAtLayerChoice;
    private volatile ForwardedTrack[] _tracks = [];
    private ushort _transportSequence;
    private long _roundTripTicks;

    public SubscriberConnection(string memberId, WebRtcTransport transport, ISubscriberEvents events, SfuOptions options)
    {
        MemberId = memberId;
        Transport = transport;
        Options = options;
        _events = events;
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _senderReports = new SenderReportTranslator(transport);
        _bandwidth = new SubscriberBandwidthEstimator(transport.Time.TimestampFrequency);
        RetransmissionBudget = new RetransmissionBudget(options.RetransmitPacketsPerSecond, options.RetransmitBytesPerSecond, transport.Time);
    }

    /// <summary>Round trip assumed until a receiver report measures one: long enough not to resend a packet twice on a slow path.</summary>
    public static readonly TimeSpan DefaultRoundTripTime = TimeSpan.FromMilliseconds(100);

    /// <summary>Shortest wait between two resends of one packet, however short the measured round trip.</summary>
    public static readonly TimeSpan MinResendInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest wait between two resends of one packet, however long the measured (or claimed) round trip.</summary>
    public static readonly TimeSpan MaxResendInterval = TimeSpan.FromSeconds(1);

    public SfuOptions Options { get; }

    /// <summary>What may be resent to this subscriber (all its tracks together).</summary>
    public RetransmissionBudget RetransmissionBudget { get; }

    /// <summary>The round trip measured from the subscriber's receiver reports (LSR/DLSR of our sender reports); zero until one.</summary>
    public TimeSpan RoundTripTime => MediaClock.ToTimeSpan(_roundTripTicks, Time.TimestampFrequency);

    /// <summary>The round-trip time measured from the subscriber's receiver reports; null before one (statistics, any thread).</summary>
    public TimeSpan? MeasuredRoundTripTime => Volatile.Read(ref _roundTripTicks) is > 0 and var ticks ? MediaClock.ToTimeSpan(ticks, Time.TimestampFrequency) : null;

    /// <summary>
    /// How long after resending a packet a NACK for it is ignored (in timestamp ticks): one round trip, as the subscriber
    /// cannot have seen the resend before that — LiveKit's and libwebrtc's rule — bounded to 10 ms .. 1 s.
    /// </summary>
    public long ResendInterval
    {
        get
        {
            var frequency = Time.TimestampFrequency;
            var rtt = _roundTripTicks > 0 ? MediaClock.ToTimeSpan(_roundTripTicks, frequency) : DefaultRoundTripTime;
            rtt = TimeSpan.FromTicks(Math.Clamp(rtt.Ticks, MinResendInterval.Ticks, MaxResendInterval.Ticks));
            return (long)(rtt.TotalSeconds * frequency);
        }
    }

    public string MemberId { get; }

    public WebRtcTransport Transport { get; }

    public TimeProvider Time => Transport.Time;

    public uint Ssrc { get; }

    /// <summary>Extension ids the subscriber's answer accepted (the SFU's fixed ids, minus any it refused).</summary>
    public ExtensionIds Extensions { get; set; } = ExtensionIds.Subscriber;

    public bool IsConnected => Transport.State == TransportState.Connected;

    /// <summary>The subscriber's bandwidth estimate from its REMB, bits per second; 0 when it sends none.</summary>
    public long EstimatedBitrate { get; private set; }

    /// <summary>Our estimate of the path to the subscriber from its transport-wide CC feedback.</summary>
    public SubscriberBandwidthEstimator Bandwidth => _bandwidth;

    /// <summary>
    /// What the layers are fitted into, bits per second: the transport-cc estimate and the subscriber's REMB, whichever
    /// is lower when both exist; 0 (no limit) while neither has shown one.
    /// </summary>
    public long AvailableBitrate
    {
        get
        {
            var estimate = _bandwidth.Estimate;
            var remb = EstimatedBitrate;
            return estimate > 0 && remb > 0 ? Math.Min(estimate, remb) : Math.Max(estimate, remb);
        }
    }

    /// <summary>What the layers the subscriber would get without a bandwidth limit need, bits per second (last layer choice).</summary>
    public long WantedBitrate => _wantedBitrate;

    public ForwardedTrack[] Tracks => _tracks;

    public void AddTrack(ForwardedTrack track)
    {
        lock (_tracksGate)
        {
            _tracks = [.. _tracks, track];
        }
    }

    public void RemoveTrack(ForwardedTrack track)
    {
        lock (_tracksGate)
        {
            var current = _tracks;
            var index = Array.IndexOf(current, track);
            if (index >= 0)
            {
                _tracks = [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>
    /// Writes a packet — our own header and one-byte extension block with the ids we offered (mid, abs-send-time,
    /// transport-cc, audio level; the publisher's extensions belong to its connection and are not copied), an optional
    /// payload prefix such as RTX's original sequence number, then the payload — protects and sends it.
    /// </summary>
    /// <remarks>
    /// With <paramref name="keepProtected"/>, the protected bytes are kept there under the packet's sequence number:
    /// a track without RTX answers a NACK with exactly those bytes.
    /// </remarks>
    public bool Send(in OutgoingPacket packet, long now, RtpSendHistory? keepProtected = null)
    {
        var prefix = packet.PayloadPrefix;
        var payload = packet.Payload;
        var padding = packet.PaddingLength;
        if (payload.Length + prefix.Length + padding > RtpSendHistory.SlotSize || padding is < 0 or > 255)
        {
            return false;
        }

        var ids = Extensions;
        var mid = packet.Mid;
        var audioLevel = packet.AudioLevel;
        var writer = new RtpPacketWriter(_send, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker);
        if (ids.Mid != 0 && mid.Length is > 0 and <= 16)
        {
            writer.TryAddExtension(ids.Mid, mid);
        }

        if (ids.AbsSendTime != 0 && writer.TryAddExtension(ids.AbsSendTime, 3, out var absSendTime))
        {
            AbsSendTime.Write(absSendTime, AbsSendTime.FromTime(MediaClock.ToTimeSpan(now, Time.TimestampFrequency)));
        }

        var sequence = _transportSequence;
        var transportCc = false;
        if (ids.TransportCc != 0 && writer.TryAddExtension(ids.TransportCc, 2, out var transportSequence))
        {
            TransportWideSequence.Write(transportSequence, _transportSequence++);
            transportCc = true;
        }

        if (ids.AudioLevel != 0 && audioLevel >= 0 && writer.TryAddExtension(ids.AudioLevel, 1, out var level))
        {
            level[0] = (byte)audioLevel;
        }

        if (!writer.TryFinishHeader(out var header))
        {
            return false;
        }

        prefix.CopyTo(_send.AsSpan(header));
        payload.CopyTo(_send.AsSpan(header + prefix.Length));
        packet.Vp8.ApplyTo(_send.AsSpan(header + prefix.Length, payload.Length));
        var length = header + prefix.Length + payload.Length;
        if (padding > 0)
        {
            // RFC 3550 §5.1: P set, the padding's last byte counts the padding bytes.
            var pad = _send.AsSpan(length, padding);
            pad.Clear();
            pad[^1] = (byte)padding;
            _send[0] |= 0x20;
            length += padding;
        }

        if (!Transport.SendRtp(_send, length, out var protectedLength))
        {
            return false;
        }

        if (transportCc)
        {
            // The send time, not the publisher packet's arrival: a media-thread stall between the two is ours, not the path's.
            _bandwidth.OnSent(sequence, length, Time.GetTimestamp());
        }

        keepProtected?.Store(packet.SequenceNumber, _send.AsSpan(0, protectedLength));
        return true;
    }

    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        // A subscriber connection receives no media (its m-lines are sendonly from our side).
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        var now = Time.GetTimestamp();
        var reader = new RtcpReader(packet);
        while (reader.TryRead(out var rtcp))
        {
            switch (rtcp.Type)
            {
                case RtcpPacketType.TransportFeedback when GenericNack.TryParse(rtcp, out var nack):
                    if (Find(nack.MediaSsrc) is { } track)
                    {
                        var retransmitter = new ForwardedTrackRetransmitter(this, track, now);
                        track.NackResponder.Respond(nack, ref retransmitter);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when Options.SubscriberBandwidthEstimation && TransportCcFeedback.TryParse(rtcp, out var transportFeedback):
                    _bandwidth.OnFeedback(transportFeedback, now);
                    break;
                case RtcpPacketType.PayloadFeedback when RtcpFeedback.TryParse(rtcp, out var feedback):
                    OnPayloadFeedback(rtcp, feedback, now);
                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(rtcp, out var report):
                    for (var i = 0; i < report.ReportCount; i++)
                    {
                        var block = report.GetReportBlock(i);
                        if (Find(block.Ssrc) is { } reported)
                        {
                            reported.OnReceiverReport(block.FractionLost, block.CumulativeLost, now);
                            reported.Jitter = block.Jitter;
                            MeasureRoundTrip(reported, block, now);
                        }
                    }

                    break;
            }
        }
    }

    private void OnPayloadFeedback(in RtcpPacket rtcp, in RtcpFeedback feedback, long now)
    {
        switch (feedback.Format)
        {
            case 1: // PLI (RFC 4585 §6.3.1)
                Find(feedback.MediaSsrc)?.RequestKeyframe(now);
                break;
            case 4 when FullIntraRequest.TryParse(rtcp, out var fir): // FIR (RFC 5104 §4.3.1)
                for (var i = 0; i < fir.Count; i++)
                {
                    Find(fir.GetEntry(i).Ssrc)?.RequestKeyframe(now);
                }

                break;
            case 15 when ReceiverEstimatedMaximumBitrate.TryParse(rtcp, out var remb):
                EstimatedBitrate = (long)Math.Min(remb.Bitrate, long.MaxValue);
                break;
        }
    }

    public void OnConnected(WebRtcTransport transport)
    {
        var now = Time.GetTimestamp();
        foreach (var track in _tracks)
        {
            track.RequestKeyframe(now);
        }
    }

    public void OnClosed(WebRtcTransport transport, string reason) => _events.SubscriberClosed(this, reason);

    /// <summary>
    /// Periodic work (media thread, every 10 ms): layer choice twice a second and at once when the estimate drops, a
    /// bandwidth probe's padding, sender reports every second.
    /// </summary>
    public void Tick(long now)
    {
        if (!IsConnected)
        {
            return;
        }

        var frequency = Time.TimestampFrequency;
        var at = MediaClock.ToTimeSpan(now, frequency);
        var available = AvailableBitrate;
        var dropped = available > 0 && (_estimateAtLayerChoice == 0 || available < _estimateAtLayerChoice * 9 / 10);
        if (_layerChoice.TryTakeDue(at) || dropped)
        {
            // Receiver-report loss steps layers down only for subscribers without transport-cc, whose estimate has no loss part.
            _wantedBitrate = LayerSelector.Select(_tracks, available, now, frequency, lossCapApplies: !_bandwidth.HasFeedback);
            _estimateAtLayerChoice = available;
        }

        var padding = _bandwidth.Tick(_wantedBitrate, now);
        if (padding > 0)
        {
            SendProbePadding(padding, now);
        }

        _senderReports.Tick(now, frequency, at, _tracks);
    }

    /// <summary>
    /// Sends about <paramref name="bytes"/> of padding-only RTX packets (as libwebrtc probes): the subscriber counts them in
    /// its transport-wide feedback and drops them. Needs a video track with RTX; without one there is no probe.
    /// </summary>
    private void SendProbePadding(int bytes, long now)
    {
        const int PaddingPerPacket = 224;
        ForwardedTrack? carrier = null;
        foreach (var track in _tracks)
        {
            if (track.Active && track.RtxPayloadType != 0 && track.Source.IsVideo)
            {
                carrier = track;
                break;
            }
        }

        if (carrier is null)
        {
            return;
        }

        for (var sent = 0; sent < bytes;)
        {
            var packet = new OutgoingPacket
            {
                PayloadType = carrier.RtxPayloadType,
                SequenceNumber = carrier.NextRtxSequence(),
                Timestamp = 0, // Padding-only: the receiver counts the packet for its feedback and drops it unread.
                Ssrc = carrier.RtxSsrc,
                Mid = carrier.MidBytes,
                AudioLevel = -1,
                PaddingLength = PaddingPerPacket,
            };
            if (!Send(packet, now))
            {
                return;
            }

            sent += PaddingPerPacket + 40;
        }
    }

    /// <summary>
    /// RFC 3550 §6.4.1 on our side of the clock: a block echoing the last sender report we sent for the track (LSR) gives
    /// the round trip as the time since we sent it minus the subscriber's delay (DLSR). Only an echo of our own latest
    /// report counts, so a subscriber cannot claim an arbitrary round trip (and the result is clamped where it is used).
    /// </summary>
    private void MeasureRoundTrip(ForwardedTrack track, in ReportBlock block, long now)
    {
        if (block.LastSenderReport == 0 || block.LastSenderReport != track.LastSenderReportCompact)
        {
            return;
        }

        var frequency = Time.TimestampFrequency;
        var delay = (long)(NtpTime.FromCompactDuration(block.DelaySinceLastSenderReport).TotalSeconds * frequency);
        var roundTrip = now - track.LastSenderReportSentAt - delay;
        if (roundTrip > 0)
        {
            _roundTripTicks = roundTrip;
        }
    }

    private ForwardedTrack? Find(uint ssrc)
    {
        foreach (var track in _tracks)
        {
            if (track.Ssrc == ssrc || track.RtxSsrc == ssrc)
            {
                return track;
            }
        }

        return null;
    }
}
