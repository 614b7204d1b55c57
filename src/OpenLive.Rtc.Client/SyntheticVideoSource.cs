using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Client;

/// <summary>
/// VP8-like video for tests and benchmarks: frames of the size a given bitrate and frame rate give, packetized as
/// RFC 7741 describes so an SFU's keyframe detection and picture-id rewriting work on them, though nothing decodes
/// them. Every packet starts with a 4-byte payload descriptor (X=1, S=1 and PID 0 on a frame's first packet,
/// I=1 with a 15-bit picture id); a frame's first packet then has the VP8 payload header — 10 bytes on a keyframe
/// (frame tag with P=0, start code 9d 01 2a, width and height; RFC 6386 §9.1), 3 on an interframe (P=1). Packets
/// carry at most <see cref="MaxPacketPayload"/> bytes; the last has the marker and ends with a <see cref="MediaProbe"/>.
/// The first frame, and the next one after each <see cref="RequestKeyframe"/>, is a keyframe.
/// </summary>
/// <remarks>Producing a frame allocates nothing; one source is used by one thread at a time, except <see cref="RequestKeyframe"/>.</remarks>
public sealed class SyntheticVideoSource
{
    /// <summary>Largest RTP payload produced.</summary>
    public const int MaxPacketPayload = 1200;

    /// <summary>The VP8 RTP clock (RFC 7741 §4.1).</summary>
    public const int ClockRate = 90000;

    private const int DescriptorLength = 4;
    private const int KeyframeHeaderLength = 10;
    private const int InterframeHeaderLength = 3;
    private const int MaxFrameLength = 512 * 1024;
    private const int FragmentLength = MaxPacketPayload - DescriptorLength;

    private readonly TimeProvider _time;
    private readonly byte[] _frame;
    private readonly byte[] _packet = new byte[MaxPacketPayload];
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private int _keyframeWanted = 1;
    private int _frameLength;
    private ushort _pictureId = (ushort)RandomNumberGenerator.GetInt32(0x8000);
    private long _keyframes;

    /// <summary>A source of <paramref name="framesPerSecond"/> frames averaging <paramref name="bitrate"/> bits per second.</summary>
    public SyntheticVideoSource(int framesPerSecond = 30, int bitrate = 1_000_000, int width = 640, int height = 360, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(framesPerSecond, 240);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 8_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitrate, 50_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16383);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16383);
        FramesPerSecond = framesPerSecond;
        Bitrate = bitrate;
        Width = width;
        Height = height;
        _time = time ?? TimeProvider.System;
        _frame = new byte[Math.Min(MaxFrameLength, Math.Max(4 * AverageFrameLength, 64))];
    }

    /// <summary>Frames per second.</summary>
    public int FramesPerSecond { get; }

    /// <summary>Average bits per second, keyframes included only loosely (a keyframe is four average frames).</summary>
    public int Bitrate { get; }

    /// <summary>The width written in keyframe headers.</summary>
    public int Width { get; }

    /// <summary>The height written in keyframe headers.</summary>
    public int Height { get; }

    /// <summary>Frames produced so far; the next frame's number.</summary>
    public uint FrameNumber { get; private set; }

    /// <summary>Keyframes produced so far.</summary>
    public long KeyframesProduced => Interlocked.Read(ref _keyframes);

    /// <summary>The current frame's RTP timestamp (after <see cref="NextFrame"/>).</summary>
    public uint Timestamp { get; private set; }

    /// <summary>Whether the current frame is a keyframe.</summary>
    public bool IsKeyframe { get; private set; }

    /// <summary>Packets of the current frame.</summary>
    public int PacketCount { get; private set; }

    private int AverageFrameLength => Math.Max(Bitrate / 8 / FramesPerSecond, 32);

    /// <summary>Makes the next frame a keyframe (the peer sent a PLI or FIR). Any thread.</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeWanted, 1);

    /// <summary>Produces the next frame; returns its packet count (read them with <see cref="WritePacket"/>).</summary>
    public int NextFrame()
    {
        var keyframe = Interlocked.Exchange(ref _keyframeWanted, 0) == 1;
        IsKeyframe = keyframe;
        Timestamp = _timestampBase + (uint)((long)FrameNumber * ClockRate / FramesPerSecond);
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        _frameLength = Math.Min(_frame.Length, keyframe ? 4 * AverageFrameLength : AverageFrameLength);
        var frame = _frame.AsSpan(0, _frameLength);
        WriteVp8Header(frame, keyframe);
        var headerLength = keyframe ? KeyframeHeaderLength : InterframeHeaderLength;

        // Filler that varies per frame, so identical payloads never hide a forwarding bug.
        frame[headerLength..].Fill((byte)(FrameNumber * 31));
        new MediaProbe(MediaProbe.Now(_time), FrameNumber).TryWriteAtEnd(frame);
        PacketCount = (_frameLength + FragmentLength - 1) / FragmentLength;
        if (keyframe)
        {
            Interlocked.Increment(ref _keyframes);
        }

        FrameNumber++;
        return PacketCount;
    }

    /// <summary>
    /// Writes packet <paramref name="index"/> of the current frame's RTP payload into <paramref name="destination"/>
    /// (at least <see cref="MaxPacketPayload"/> bytes); returns its length and whether it carries the marker.
    /// </summary>
    public int WritePacket(int index, Span<byte> destination, out bool marker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PacketCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MaxPacketPayload, nameof(destination));
        var start = index * FragmentLength;
        var fragment = _frame.AsSpan(start, Math.Min(FragmentLength, _frameLength - start));

        // RFC 7741 §4.2: X=1 with I=1 and a 15-bit picture id (M=1); S=1 and PID=0 on the frame's first packet.
        destination[0] = (byte)(0x80 | (index == 0 ? 0x10 : 0));
        destination[1] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(0x8000 | _pictureId));
        fragment.CopyTo(destination[DescriptorLength..]);
        marker = index == PacketCount - 1;
        return DescriptorLength + fragment.Length;
    }

    /// <summary>
    /// Produces the next frame and sends it on <paramref name="transceiver"/> (its negotiated payload type unless
    /// <paramref name="payloadType"/> is given). Returns the packets the connection took.
    /// </summary>
    public int SendFrame(RtcClientConnection connection, RtcTransceiver transceiver, int payloadType = -1, int layer = 0)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transceiver);
        var type = payloadType >= 0 ? payloadType : transceiver.PayloadType;
        var sent = 0;
        var count = NextFrame();
        for (var i = 0; i < count; i++)
        {
            var length = WritePacket(i, _packet, out var marker);
            if (connection.SendRtp(transceiver, type, marker, Timestamp, _packet.AsSpan(0, length), layer))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>
    /// Sends a frame every 1/<see cref="FramesPerSecond"/> s on <paramref name="transceiver"/> until cancelled,
    /// answering the peer's keyframe requests for it. Completes (without throwing) when cancelled.
    /// </summary>
    public async Task RunAsync(RtcClientConnection connection, RtcTransceiver transceiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transceiver);
        void OnKeyframeRequested(object? sender, RtcKeyframeRequestedEventArgs e)
        {
            if (e.Transceiver == transceiver)
            {
                RequestKeyframe();
            }
        }

        connection.KeyframeRequested += OnKeyframeRequested;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / FramesPerSecond), _time);
            do
            {
                SendFrame(connection, transceiver);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            connection.KeyframeRequested -= OnKeyframeRequested;
        }
    }

    /// <summary>
    /// The VP8 payload header (RFC 6386 §9.1, RFC 7741 §4.3): a 3-byte frame tag — P (0 = keyframe), version 0,
    /// show_frame 1, first partition size — and on a keyframe the start code and 14-bit width and height (scale 0).
    /// </summary>
    private void WriteVp8Header(Span<byte> frame, bool keyframe)
    {
        var headerLength = keyframe ? KeyframeHeaderLength : InterframeHeaderLength;
        var firstPartition = (uint)Math.Min(Math.Max(_frameLength - headerLength - MediaProbe.Length, 0), 0x7FFFF);
        var tag = (keyframe ? 0u : 1u) | (1u << 4) | (firstPartition << 5);
        frame[0] = (byte)tag;
        frame[1] = (byte)(tag >> 8);
        frame[2] = (byte)(tag >> 16);
        if (keyframe)
        {
            frame[3] = 0x9d;
            frame[4] = 0x01;
            frame[5] = 0x2a;
            BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], (ushort)Width);
            BinaryPrimitives.WriteUInt16LittleEndian(frame[8..], (ushort)Height);
        }
    }
}
