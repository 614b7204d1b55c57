using OpenLive.Egress.Media;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// One recorded track's RTP → frames stage: RTP packets as the SFU holds them after SRTP (header and payload) go in,
/// whole <see cref="MediaFrame"/>s come out to an <see cref="IMediaFrameSink"/>, in order, decodable from the first
/// one on. Behind a <see cref="RtpReorderBuffer"/> (reordering and late NACK retransmissions within a window) a
/// codec's <see cref="FrameAssembler"/> joins payloads; a frame ends at the marker bit or when the timestamp moves on.
/// </summary>
/// <remarks>
/// <para>Losses: when a packet is given up (a gap a whole window old) the frame it belonged to is dropped; for video the
/// stream then waits for the next keyframe (frames in between would decode to garbage or not at all), dropping frames
/// and calling <see cref="IKeyframeRequester.RequestKeyframe"/> — once when sync is lost, and again every
/// <see cref="RtpDepacketizerOptions.KeyframeRequestEveryDroppedFrames"/> dropped frames. It also asks once at the
/// start, before any frame is decodable. Audio frames are independent: a lost one is just missing.</para>
/// <para>Not thread-safe: one packet at a time, as the SFU's receive loop delivers a track's packets. Allocates nothing
/// per packet or frame after construction.</para>
/// </remarks>
public sealed class RtpDepacketizer : IDisposable, IOrderedPacketSink
{
    private readonly FrameAssembler _assembler;
    private readonly RtpReorderBuffer _reorder;
    private readonly IMediaFrameSink _sink;
    private readonly IKeyframeRequester? _keyframes;
    private readonly int _requestEvery;
    private SequenceUnwrapper _sequences;
    private RtpTimestampUnwrapper _timestamps;
    private bool _frameOpen;
    private bool _frameBroken;
    private long _frameTimestamp;
    private bool _waitingForKeyframe;
    private int _droppedSinceRequest;
    private bool _disposed;
    private long _packets;
    private long _rejected;
    private long _late;
    private long _duplicates;
    private long _frames;
    private long _droppedFrames;
    private long _keyframeRequests;

    /// <summary>Creates the depacketizer for one track.</summary>
    /// <param name="track">The track's codec (and clock rate, carried through in the frame timestamps).</param>
    /// <param name="sink">Where whole frames go.</param>
    /// <param name="keyframes">Asked for a keyframe when the stream cannot be decoded on (see remarks); optional.</param>
    /// <param name="options">Bounds; defaults per <see cref="RtpDepacketizerOptions"/> (audio: <see cref="RtpDepacketizerOptions.ForAudio"/>).</param>
    public RtpDepacketizer(EgressTrack track, IMediaFrameSink sink, IKeyframeRequester? keyframes = null, RtpDepacketizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= track.IsVideo ? new RtpDepacketizerOptions() : RtpDepacketizerOptions.ForAudio();
        Track = track;
        _sink = sink;
        _keyframes = keyframes;
        _requestEvery = options.KeyframeRequestEveryDroppedFrames;
        _assembler = track.Codec switch
        {
            EgressCodec.Vp8 => new Vp8FrameAssembler(options.MaxFrameBytes),
            EgressCodec.Vp9 => new Vp9FrameAssembler(options.MaxFrameBytes),
            EgressCodec.Av1 => new Av1FrameAssembler(options.MaxFrameBytes),
            EgressCodec.H264 => new H264FrameAssembler(options.MaxFrameBytes),
            EgressCodec.Opus => new OpusFrameAssembler(options.MaxFrameBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(track), track.Codec, "unknown codec"),
        };
        _reorder = new RtpReorderBuffer(options.ReorderWindowPackets, options.MaxPacketBytes, this);
        _waitingForKeyframe = !_assembler.IsAudio;
    }

    /// <summary>The track this depacketizer reads.</summary>
    public EgressTrack Track { get; }

    /// <summary>Whether video frames are being dropped until a keyframe arrives (always false for audio).</summary>
    public bool IsWaitingForKeyframe => _waitingForKeyframe;

    /// <summary>What has been seen so far.</summary>
    public RtpDepacketizerCounters Counters => new(_packets, _rejected, _late, _duplicates, _reorder.LostPackets, _frames, _droppedFrames, _keyframeRequests);

    /// <summary>
    /// Takes one RTP packet (copied; the caller may reuse its buffer at once) and hands on every frame it completes.
    /// Never throws on the packet's bytes.
    /// </summary>
    public RtpPacketStatus Push(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return RtpPacketStatus.Disposed;
        }

        if (!RtpHeader.TryParse(packet, out var header))
        {
            _rejected++;
            return RtpPacketStatus.Malformed;
        }

        if (_packets == 0 && _frames == 0 && _waitingForKeyframe && _keyframeRequests == 0)
        {
            // A recording joins a stream in progress: nothing decodes until a keyframe.
            RequestKeyframe();
        }

        var status = _reorder.Insert(packet, _sequences.Peek(header.SequenceNumber));
        switch (status)
        {
            case ReorderStatus.Accepted:
                _packets++;
                // Only accepted packets move the unwrap reference (a stray far-off number must not drag it).
                _sequences.Unwrap(header.SequenceNumber);
                return RtpPacketStatus.Accepted;
            case ReorderStatus.Late:
                _late++;
                return RtpPacketStatus.Late;
            case ReorderStatus.Duplicate:
                _duplicates++;
                return RtpPacketStatus.Duplicate;
            default:
                _rejected++;
                return RtpPacketStatus.TooLarge;
        }
    }

    /// <summary>Hands on what the reorder window still holds, gaps given up, and the last frame if it is complete (end of a recording).</summary>
    public void Flush()
    {
        if (_disposed)
        {
            return;
        }

        _reorder.Flush();
        if (_frameOpen)
        {
            CompleteFrame();
        }
    }

    /// <summary>Returns the pooled buffers; packets pushed afterwards are refused.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _reorder.Dispose();
        _assembler.Dispose();
    }

    void IOrderedPacketSink.OnOrderedPacket(ReadOnlySpan<byte> packet, bool lossBefore)
    {
        // The reorder buffer only holds packets whose header parsed.
        _ = RtpHeader.TryParse(packet, out var header);
        var payload = header.GetPayload(packet);
        var timestamp = _timestamps.Unwrap(header.Timestamp);
        if (lossBefore)
        {
            if (_frameOpen)
            {
                // The loss may have been this frame's packet or the previous frame's tail; either way it is unsure.
                _frameBroken = true;
                CompleteFrame();
            }

            if (!_assembler.IsAudio)
            {
                LoseSync();
            }
        }

        if (_frameOpen && timestamp != _frameTimestamp)
        {
            // A new timestamp is a new frame even if the marker of the last one never came.
            CompleteFrame();
        }

        if (payload.IsEmpty)
        {
            // Padding-only packets (bandwidth probes) carry no media.
            return;
        }

        if (!_frameOpen)
        {
            _frameOpen = true;
            _frameTimestamp = timestamp;
            _frameBroken = !_assembler.Begin(payload);
        }
        else if (!_frameBroken && !_assembler.Append(payload))
        {
            _frameBroken = true;
        }

        if (header.Marker || _assembler.IsAudio)
        {
            CompleteFrame();
        }
    }

    private void CompleteFrame()
    {
        _frameOpen = false;
        if (_frameBroken || !_assembler.Finish())
        {
            DropFrame(lostSync: !_assembler.IsAudio);
            return;
        }

        if (_waitingForKeyframe && !_assembler.IsKeyframe)
        {
            DropFrame(lostSync: false);
            return;
        }

        _waitingForKeyframe = false;
        _droppedSinceRequest = 0;
        _frames++;
        _sink.OnFrame(new MediaFrame(_assembler.Frame, _frameTimestamp, _assembler.IsKeyframe));
    }

    private void DropFrame(bool lostSync)
    {
        _droppedFrames++;
        if (lostSync)
        {
            LoseSync();
        }
        else if (_waitingForKeyframe && ++_droppedSinceRequest >= _requestEvery)
        {
            RequestKeyframe();
        }
    }

    private void LoseSync()
    {
        if (!_waitingForKeyframe)
        {
            _waitingForKeyframe = true;
            RequestKeyframe();
        }
    }

    private void RequestKeyframe()
    {
        _droppedSinceRequest = 0;
        _keyframeRequests++;
        _keyframes?.RequestKeyframe();
    }
}
