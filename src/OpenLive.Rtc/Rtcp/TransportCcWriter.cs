using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Writes transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1; layout at
/// <see cref="TransportCcFeedback"/>) from the arrival times of consecutive transport-wide sequence numbers.
/// Chooses chunks greedily: runs of 14 or more identical symbols become run-length chunks, otherwise 14
/// one-bit symbols when no large delta is among them, otherwise a run of 7 or more, otherwise 7 two-bit symbols.
/// Never allocates.
/// </summary>
public static class TransportCcWriter
{
    /// <summary>The arrival time that marks a packet as not received.</summary>
    public static readonly TimeSpan NotReceived = TimeSpan.MinValue;

    private const long TicksPerDeltaUnit = 2500;
    private const int DeltaUnitsPerReference = 256;

    private enum ChunkKind
    {
        None,
        Run,
        OneBit,
        TwoBit,
    }

    /// <summary>
    /// Writes one feedback packet for <paramref name="arrivals"/>, where entry i is the arrival time of
    /// <paramref name="baseSequenceNumber"/> + i (on any monotonic clock) or <see cref="NotReceived"/>. Reports as
    /// many packets as fit in <paramref name="destination"/> and the 16-bit delta range (±8.19 s between received
    /// packets); <paramref name="reported"/> says how many, so the rest can go in the next packet. The reference
    /// time comes from the first received packet. False if not even one packet can be reported.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        byte feedbackPacketCount,
        ReadOnlySpan<TimeSpan> arrivals,
        out int written,
        out int reported)
    {
        written = 0;
        reported = 0;
        var limit = Math.Min(arrivals.Length, ushort.MaxValue);
        long referenceTime = 0;
        for (var i = 0; i < limit; i++)
        {
            if (arrivals[i] != NotReceived)
            {
                referenceTime = FloorDivide(ToUnits(arrivals[i]), DeltaUnitsPerReference);
                break;
            }
        }

        var start = new Cursor(arrivals[..limit], referenceTime * DeltaUnitsPerReference);
        const int headerLength = RtcpFeedback.HeaderLength + TransportCcFeedback.FciHeaderLength;
        var maxLength = Math.Min(destination.Length, RtcpHeader.MaxPacketLength);

        // Plan: how many chunks fit, with their deltas, in the destination.
        var cursor = start;
        var chunkCount = 0;
        var deltaBytes = 0;
        while (true)
        {
            var (kind, count) = NextChunk(cursor);
            if (kind == ChunkKind.None)
            {
                break;
            }

            var probe = cursor;
            var bytes = 0;
            for (var i = 0; i < count; i++)
            {
                probe.TryNext(out var symbol, out _);
                bytes += symbol;
            }

            if (RtcpHeader.Align(headerLength + (2 * (chunkCount + 1)) + deltaBytes + bytes) > maxLength)
            {
                break;
            }

            cursor = probe;
            chunkCount++;
            deltaBytes += bytes;
            reported += count;
        }

        if (reported == 0)
        {
            return false;
        }

        var length = RtcpHeader.Align(headerLength + (2 * chunkCount) + deltaBytes);
        RtcpFeedback.WriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormats.TransportCc, senderSsrc, mediaSsrc, length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)reported);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ((uint)referenceTime << 8) | feedbackPacketCount);

        // Write: the same decisions again, now emitting chunks and deltas.
        cursor = start;
        var chunkPosition = headerLength;
        var deltaPosition = headerLength + (2 * chunkCount);
        for (var c = 0; c < chunkCount; c++)
        {
            var (kind, count) = NextChunk(cursor);
            ushort chunk = kind switch
            {
                ChunkKind.OneBit => 0x8000,
                ChunkKind.TwoBit => 0xC000,
                _ => (ushort)count,
            };
            for (var i = 0; i < count; i++)
            {
                cursor.TryNext(out var symbol, out var delta);
                if (kind == ChunkKind.Run && i == 0)
                {
                    chunk |= (ushort)(symbol << 13);
                }
                else if (kind == ChunkKind.OneBit)
                {
                    chunk |= (ushort)(symbol << (13 - i));
                }
                else if (kind == ChunkKind.TwoBit)
                {
                    chunk |= (ushort)(symbol << (12 - (2 * i)));
                }

                if (symbol == 1)
                {
                    destination[deltaPosition++] = (byte)delta;
                }
                else if (symbol == 2)
                {
                    BinaryPrimitives.WriteInt16BigEndian(destination[deltaPosition..], (short)delta);
                    deltaPosition += 2;
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[chunkPosition..], chunk);
            chunkPosition += 2;
        }

        // Zero padding to the word boundary, counted in the length without the P bit, as the draft's figure shows.
        destination[deltaPosition..length].Clear();
        written = length;
        return true;
    }

    private static (ChunkKind Kind, int Count) NextChunk(Cursor cursor)
    {
        var look = cursor;
        if (!look.TryNext(out var first, out _))
        {
            return (ChunkKind.None, 0);
        }

        var run = 1;
        while (run < TransportCcFeedback.MaxRunLength && look.TryNext(out var symbol, out _) && symbol == first)
        {
            run++;
        }

        if (run >= 14)
        {
            return (ChunkKind.Run, run);
        }

        look = cursor;
        var oneBit = 0;
        var fitsOneBit = true;
        while (oneBit < 14 && look.TryNext(out var symbol, out _))
        {
            if (symbol == 2)
            {
                fitsOneBit = false;
                break;
            }

            oneBit++;
        }

        if (fitsOneBit)
        {
            return (ChunkKind.OneBit, oneBit);
        }

        if (run >= 7)
        {
            return (ChunkKind.Run, run);
        }

        look = cursor;
        var twoBit = 0;
        while (twoBit < 7 && look.TryNext(out _, out _))
        {
            twoBit++;
        }

        return (ChunkKind.TwoBit, twoBit);
    }

    private static long ToUnits(TimeSpan time) => FloorDivide(time.Ticks + (TicksPerDeltaUnit / 2), TicksPerDeltaUnit);

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Walks the arrivals computing each packet's symbol and delta; stops before a delta 16 bits cannot carry.</summary>
    private ref struct Cursor
    {
        private readonly ReadOnlySpan<TimeSpan> _arrivals;
        private int _limit;
        private int _index;
        private long _previousUnits;

        public Cursor(ReadOnlySpan<TimeSpan> arrivals, long previousUnits)
        {
            _arrivals = arrivals;
            _limit = arrivals.Length;
            _index = 0;
            _previousUnits = previousUnits;
        }

        public bool TryNext(out int symbol, out int delta)
        {
            symbol = 0;
            delta = 0;
            if (_index >= _limit)
            {
                return false;
            }

            var arrival = _arrivals[_index];
            if (arrival != NotReceived)
            {
                var units = ToUnits(arrival);
                var difference = units - _previousUnits;
                if (difference is < short.MinValue or > short.MaxValue)
                {
                    _limit = _index;
                    return false;
                }

                delta = (int)difference;
                symbol = difference is >= 0 and <= byte.MaxValue ? 1 : 2;
                _previousUnits = units;
            }

            _index++;
            return true;
        }
    }
}
