using System.Buffers.Binary;
using System.Text;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;
using OpenLive.Rtc.Rtcp;

namespace OpenLive.Egress.Recording;

/// <summary>
/// The worker side of one recorded track: reads its feed's records (<see cref="TapRecordKind"/>) and, once the
/// recording's writer exists, hands RTP to the depacketizer of the current attach, sender reports to the writer's
/// clock mapping, and each new attach a fresh depacketizer behind the track's <see cref="TrackContinuity"/>.
/// </summary>
/// <remarks>Worker thread only.</remarks>
internal sealed class RecordingTrackReader : IPacketConsumer, IDisposable
{
    private readonly RecordedTrackInput _input;
    private readonly TimeProvider _time;
    private IRecordingWriter? _writer;
    private int _writerTrack = -1;
    private TrackContinuity? _continuity;
    private RtpDepacketizer? _depacketizer;
    private TrackClockMapping? _mapping;
    private bool _senderClocks;

    public RecordingTrackReader(RecordedTrackInput input, TimeProvider time)
    {
        _input = input;
        _time = time;
    }

    public RecordedTrackKind Kind => _input.Kind;

    public RecordingTrackFeed Feed => _input.Feed;

    public IKeyframeRequester? Keyframes => _input.Keyframes;

    /// <summary>The attached track as described (null while none is attached, or its codec cannot be recorded).</summary>
    public EgressTrack? Attached { get; private set; }

    /// <summary>The codec name of an attached track egress cannot record, for the error.</summary>
    public bool AttachedUnsupported { get; private set; }

    /// <summary>Whether the tap's end was read.</summary>
    public bool Closed { get; private set; }

    /// <summary>The format parameters of the attached track (kept for the metadata).</summary>
    public string? FormatParameters { get; private set; }

    /// <summary>The track as the writer records it (null when it is not in the file).</summary>
    public EgressTrack? Recorded { get; private set; }

    /// <summary>Frames written.</summary>
    public long Frames => _continuity?.Frames ?? 0;

    /// <summary>Media time written.</summary>
    public TimeSpan Span => _continuity?.Span ?? TimeSpan.Zero;

    /// <summary>RTP packets read before the file started or while the attached track did not match the file's.</summary>
    public long PacketsIgnored { get; private set; }

    /// <summary>Counters of the depacketizers so far (summed over attaches).</summary>
    public RtpDepacketizerCounters Counters => Add(_finished, _depacketizer?.Counters ?? default);

    private RtpDepacketizerCounters _finished;

    /// <summary>Reads what the feed holds (at most one ring's worth).</summary>
    public void Drain() => Feed.Ring.Drain(this, Feed.Ring.Capacity);

    /// <summary>
    /// Before the file starts: reads records until the track's attach, then leaves its packets in the ring (the
    /// keyframe the SFU asked for at the attach is among them), keeping at most half a ring of the newest.
    /// </summary>
    public void DrainUntilAttached()
    {
        var ring = Feed.Ring;
        while (ring.Count > 0 && (Attached is null || ring.Count > ring.Capacity / 2))
        {
            _ = ring.Drain(this, 1);
        }
    }

    /// <summary>Whether a sender report of the track was read (the SFU replays the last one at the attach).</summary>
    public bool HasSenderClock => _mapping is not null;

    /// <summary>
    /// The file starts: this track is its track <paramref name="index"/> (or -1: not in the file), placed by its
    /// sender reports when <paramref name="senderClocks"/> (the recording decided that every track has one), else by
    /// its first frame's arrival at the SFU. One recording never mixes the two: each is right to within a few
    /// milliseconds on its own, but they differ by the path's delay, which would put the tracks out of sync by it.
    /// </summary>
    public void Bind(IRecordingWriter writer, int index, bool senderClocks)
    {
        _writer = writer;
        _writerTrack = index;
        _senderClocks = senderClocks;
        if (index < 0)
        {
            return;
        }

        Recorded = writer.Tracks[index];
        _continuity = new TrackContinuity(writer.SinkFor(index), Recorded.ClockRate, _time);
        if (senderClocks && _mapping is { } mapping)
        {
            writer.SetClockMapping(index, mapping);
        }

        if (Attached is not null)
        {
            StartSegment();
        }
    }

    /// <summary>Hands on what the depacketizer still holds (the recording ends).</summary>
    public void Flush() => EndSegment();

    public void Dispose() => EndSegment();

    public void OnPacket(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return;
        }

        switch ((TapRecordKind)record[0])
        {
            case TapRecordKind.Rtp when record.Length >= RecordingTrackFeed.RtpRecordHeader:
                if (_depacketizer is not null)
                {
                    var packet = record[RecordingTrackFeed.RtpRecordHeader..];
                    if (!_senderClocks && Frames == 0 && packet.Length >= 8)
                    {
                        // Until the first frame is written, each packet's RTP timestamp and arrival are the track's
                        // clock: the writer anchors the track with the last pair it was given before that frame.
                        var arrival = new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(record[1..]), TimeSpan.Zero);
                        _writer!.SetClockMapping(_writerTrack, new TrackClockMapping(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), arrival));
                    }

                    _ = _depacketizer.Push(packet);
                }
                else
                {
                    PacketsIgnored++;
                }

                break;
            case TapRecordKind.SenderReport when record.Length >= 13:
                var mapping = new TrackClockMapping(BinaryPrimitives.ReadUInt32BigEndian(record[9..]), NtpTime.ToDateTimeOffset(BinaryPrimitives.ReadUInt64BigEndian(record[1..])));
                _mapping = mapping;
                if (_senderClocks && _writerTrack >= 0 && Frames == 0)
                {
                    // Before the first frame the writer takes it; later ones are ignored by the writer anyway.
                    _writer!.SetClockMapping(_writerTrack, mapping);
                }

                break;
            case TapRecordKind.Attached when record.Length >= 7:
                EndSegment();
                var codecByte = record[1];
                var clockRate = BinaryPrimitives.ReadInt32BigEndian(record[2..]);
                var channels = record[6];
                FormatParameters = record.Length > 7 ? Encoding.UTF8.GetString(record[7..]) : null;
                if (codecByte == RecordingTrackFeed.UnknownCodec || clockRate <= 0 || !Enum.IsDefined((EgressCodec)codecByte)
                    || ((EgressCodec)codecByte == EgressCodec.Opus) != (Kind == RecordedTrackKind.Audio)
                    || ((EgressCodec)codecByte == EgressCodec.Opus && (clockRate != 48_000 || channels is < 1 or > 2)))
                {
                    Attached = null;
                    AttachedUnsupported = true;
                    break;
                }

                AttachedUnsupported = false;
                Attached = new EgressTrack((EgressCodec)codecByte, clockRate, channels);
                if (_continuity is not null)
                {
                    StartSegment();
                }

                break;
            case TapRecordKind.Detached:
                EndSegment();
                Attached = null;
                break;
            case TapRecordKind.Closed:
                EndSegment();
                Attached = null;
                Closed = true;
                break;
            default:
                PacketsIgnored++;
                break;
        }
    }

    private void StartSegment()
    {
        if (Recorded is null || Attached is null || Attached.Codec != Recorded.Codec || Attached.ClockRate != Recorded.ClockRate)
        {
            // Republished with another codec than the file's: not recordable into this file; its packets are ignored.
            return;
        }

        _continuity!.BeginSegment();
        _depacketizer = new RtpDepacketizer(Recorded, _continuity, _input.Keyframes);
    }

    private void EndSegment()
    {
        if (_depacketizer is null)
        {
            return;
        }

        _depacketizer.Flush();
        _finished = Add(_finished, _depacketizer.Counters);
        _depacketizer.Dispose();
        _depacketizer = null;
    }

    private static RtpDepacketizerCounters Add(RtpDepacketizerCounters a, RtpDepacketizerCounters b) => new(
        a.Packets + b.Packets, a.Rejected + b.Rejected, a.Late + b.Late, a.Duplicates + b.Duplicates,
        a.LostPackets + b.LostPackets, a.Frames + b.Frames, a.DroppedFrames + b.DroppedFrames, a.KeyframeRequests + b.KeyframeRequests);
}
