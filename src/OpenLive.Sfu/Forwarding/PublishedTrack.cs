using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One track a member publishes (its audio, camera or screen), with one incoming stream per simulcast layer and the
/// subscribers it is forwarded to. The subscriber list is copy-on-write: the control plane swaps the array, the media
/// thread reads whichever array is current, with no lock on the packet path.
/// </summary>
internal sealed class PublishedTrack
{
    private readonly object _subscribersGate = new();
    private volatile ForwardedTrack[] _subscribers = [];
    private TrackTap[] _taps = []; // Media thread only: taps attach and detach there.

    public PublishedTrack(string memberId, IncomingTrackSpec spec, ITrackOrigin origin, SfuOptions options)
    {
        MemberId = memberId;
        Spec = spec;
        Origin = origin;
        MidBytes = System.Text.Encoding.ASCII.GetBytes(spec.Mid);
        CodecKind = KeyframeDetector.KindOf(spec.Codec.Name);
        var cacheSize = spec.Codec.IsVideo ? options.VideoPacketCache : options.AudioPacketCache;
        if (spec.Rids.Count == 0)
        {
            Layers = [new IncomingStream(this, 0, null, cacheSize) { Ssrc = spec.Ssrc ?? 0, RtxSsrc = spec.RtxSsrc ?? 0 }];
        }
        else
        {
            Layers = new IncomingStream[Math.Min(spec.Rids.Count, OutgoingSequencer.MaxSources)];
            for (var i = 0; i < Layers.Length; i++)
            {
                Layers[i] = new IncomingStream(this, i, spec.Rids[i], cacheSize);
            }
        }
    }

    public string MemberId { get; }

    public IncomingTrackSpec Spec { get; }

    /// <summary>The mid as the MID header extension carries it (ASCII), compared without allocating.</summary>
    public byte[] MidBytes { get; }

    public TrackSource Source => Spec.Source;

    public NegotiatedCodec Codec => Spec.Codec;

    public CodecKind CodecKind { get; }

    public bool IsVideo => Spec.Codec.IsVideo;

    /// <summary>Where the packets come from: a member's publisher connection or a relay from another node.</summary>
    public ITrackOrigin Origin { get; }

    /// <summary>Incoming streams by simulcast layer, lowest first (one without simulcast).</summary>
    public IncomingStream[] Layers { get; }

    /// <summary>True after the first packet: the member "has" this media (iLiveSDK HAS_* events).</summary>
    public bool HasMedia { get; private set; }

    /// <summary>True once unpublished or the publisher's connection closed.</summary>
    public volatile bool Ended;

    public ForwardedTrack[] Subscribers => _subscribers;

    public void AddSubscriber(ForwardedTrack subscriber)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }
    }

    public void RemoveSubscriber(ForwardedTrack subscriber)
    {
        lock (_subscribersGate)
        {
            var current = _subscribers;
            var index = Array.IndexOf(current, subscriber);
            if (index >= 0)
            {
                _subscribers = [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>
    /// Media thread: <paramref name="tap"/> receives this track's packets from now, starting with the tapped stream's
    /// last sender report if one arrived: a recording then has every track's sender clock from its first frame instead
    /// of waiting up to a report interval (libwebrtc: 1 s video, 5 s audio).
    /// </summary>
    public void AddTap(TrackTap tap)
    {
        _taps = [.. _taps, tap];
        if ((uint)tap.Layer < (uint)Layers.Length && Layers[tap.Layer].Statistics.LastSenderReport is { ArrivedAt: not 0 } report)
        {
            tap.Sink.OnSenderReport(report.Ntp, report.RtpTimestamp);
        }
    }

    /// <summary>Media thread: <paramref name="tap"/> receives nothing more of this track.</summary>
    public void RemoveTap(TrackTap tap)
    {
        var index = Array.IndexOf(_taps, tap);
        if (index >= 0)
        {
            _taps = [.. _taps.AsSpan(0, index), .. _taps.AsSpan(index + 1)];
        }
    }

    /// <summary>A sender report for <paramref name="stream"/>: taps of that layer get it (they map RTP time to wall-clock time with it).</summary>
    public void OnSenderReport(IncomingStream stream, ulong ntpTimestamp, uint rtpTimestamp)
    {
        var taps = _taps;
        for (var i = 0; i < taps.Length; i++)
        {
            if (taps[i].Layer == stream.Layer)
            {
                taps[i].Sink.OnSenderReport(ntpTimestamp, rtpTimestamp);
            }
        }
    }

    /// <summary>A packet of <paramref name="stream"/> arrived (plain RTP): keep it for NACKs and forward it to every subscriber.</summary>
    public void OnPacket(IncomingStream stream, ReadOnlySpan<byte> packet, in RtpHeader header, long now)
    {
        if (!HasMedia)
        {
            HasMedia = true;
            Origin.OnTrackStarted(this);
        }

        stream.History.Store(header.SequenceNumber, packet);
        var keyframeStart = IsVideo && KeyframeDetector.IsKeyframeStart(CodecKind, header.GetPayload(packet));
        if (keyframeStart)
        {
            stream.Statistics.OnKeyframe(now);
            stream.KeyframeRequests.KeyframeArrived();
            if (CodecKind == CodecKind.Vp8 && Vp8Descriptor.TryReadKeyframeSize(header.GetPayload(packet), out var width, out var height))
            {
                stream.Statistics.OnFrameSize(width, height);
            }
        }

        var audioLevel = IsVideo ? -1 : ForwardedTrack.ReadAudioLevel(packet, header, Spec.Extensions.AudioLevel);
        var incoming = new IncomingPacket(stream, packet, header, keyframeStart, audioLevel, now);
        var subscribers = _subscribers;
        for (var i = 0; i < subscribers.Length; i++)
        {
            subscribers[i].Forward(incoming);
        }

        var taps = _taps;
        for (var i = 0; i < taps.Length; i++)
        {
            var tap = taps[i];
            if (tap.Layer != stream.Layer)
            {
                continue;
            }

            tap.Sink.OnRtp(packet);
            if (tap.TakeKeyframeRequest())
            {
                RequestKeyframe(stream, now);
            }
        }
    }

    /// <summary>Asks the publisher for a keyframe on <paramref name="stream"/>, at most once per the configured interval.</summary>
    public void RequestKeyframe(IncomingStream stream, long now) => Origin.RequestKeyframe(stream, now);
}
