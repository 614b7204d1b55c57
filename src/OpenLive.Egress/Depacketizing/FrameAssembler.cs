using System.Buffers;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// One codec's half of a depacketizer: turns the payloads of one frame's packets, in order, into the frame's bytes in a
/// fixed buffer (rented once). <see cref="RtpDepacketizer"/> decides where frames begin and end (timestamp change,
/// marker bit, loss); an assembler only knows its payload format. Never throws on payload bytes: a payload it cannot
/// read marks the frame broken.
/// </summary>
internal abstract class FrameAssembler : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _capacity;
    private bool _disposed;

    protected FrameAssembler(int maxFrameBytes)
    {
        _capacity = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(maxFrameBytes);
    }

    /// <summary>Whether the track is audio: every packet is a whole frame, every frame decodable on its own.</summary>
    public virtual bool IsAudio => false;

    /// <summary>Bytes of the frame assembled so far.</summary>
    public int Length { get; protected set; }

    /// <summary>Whether the frame being assembled is a keyframe.</summary>
    public bool IsKeyframe { get; protected set; }

    /// <summary>The assembled frame.</summary>
    public ReadOnlyMemory<byte> Frame => _buffer.AsMemory(0, Length);

    /// <summary>Starts a frame with its first packet's payload. False if the payload does not start a frame.</summary>
    public bool Begin(ReadOnlySpan<byte> payload)
    {
        Length = 0;
        IsKeyframe = false;
        Reset();
        return StartsFrame(payload) && Append(payload);
    }

    /// <summary>Adds one packet's payload (the first one included). False if it is malformed or the frame is too long.</summary>
    public abstract bool Append(ReadOnlySpan<byte> payload);

    /// <summary>Completes the frame after its last packet. False if it is incomplete (a fragment never closed).</summary>
    public virtual bool Finish() => Length > 0;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Whether a payload can be a frame's first (and sets <see cref="IsKeyframe"/>).</summary>
    protected abstract bool StartsFrame(ReadOnlySpan<byte> payload);

    /// <summary>Clears per-frame state before a frame begins.</summary>
    protected virtual void Reset()
    {
    }

    /// <summary>Appends bytes to the frame; false if they do not fit.</summary>
    protected bool TryWrite(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _capacity - Length)
        {
            return false;
        }

        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
        return true;
    }

    /// <summary>Appends one byte; false if it does not fit.</summary>
    protected bool TryWrite(byte value)
    {
        if (Length >= _capacity)
        {
            return false;
        }

        _buffer[Length++] = value;
        return true;
    }

    /// <summary>The frame's bytes so far, writable (for fix-ups of lengths written before their data).</summary>
    protected Span<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Room left in the buffer.</summary>
    protected int Remaining => _capacity - Length;

    /// <summary>Cuts the frame back to <paramref name="length"/> bytes.</summary>
    protected void Truncate(int length) => Length = length;

    /// <summary>Writable room after the frame (to write into, then <see cref="Advance"/>).</summary>
    protected Span<byte> Free => _buffer.AsSpan(Length, _capacity - Length);

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="Free"/>.</summary>
    protected void Advance(int count) => Length += count;
}
