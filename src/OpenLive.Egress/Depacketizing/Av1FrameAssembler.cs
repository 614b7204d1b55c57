using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// AV1 (AOM "RTP Payload Format for AV1" §4): each payload is the aggregation header (<see cref="Av1AggregationHeader"/>:
/// Z, Y, W, N) and OBU elements — W of them with a LEB128 length before all but the last, or (W = 0) a length before
/// every one. An element may be a fragment of an OBU that began in the previous packet (Z) or goes on in the next
/// (Y). The marker bit ends the temporal unit. Out comes what Matroska's AV1 mapping wants in a block: the temporal
/// unit's OBUs each with <c>obu_has_size_field</c> set, and no temporal delimiter, tile list or padding OBU.
/// </summary>
/// <remarks>
/// An OBU's size is only known once its last fragment is in, so it is written header first with room for the
/// longest LEB128 it may need, its payload behind that, and the payload is moved up against the shortest LEB128 when
/// the OBU completes (in place, in the one frame buffer).
/// <code>
/// | header (1–2 B, has_size=1) | LEB128 size | payload ... |
/// </code>
/// </remarks>
internal sealed class Av1FrameAssembler(int maxFrameBytes) : FrameAssembler(maxFrameBytes)
{
    private const int ObuTemporalDelimiter = 2;
    private const int ObuTileList = 8;
    private const int ObuPadding = 15;

    // Room reserved for an OBU's size: 5 LEB128 bytes hold any length below 2^35.
    private const int SizeRoom = 5;

    private bool _obuOpen;
    private int _obuStart;
    private int _obuHeaderLength;
    private bool _obuHadSize;
    private int _obuType;
    private int _obuHeaderBytesSeen;

    public override bool Append(ReadOnlySpan<byte> payload)
    {
        if (!Av1AggregationHeader.TryParse(payload, out var header))
        {
            return false;
        }

        // Z says the first element continues an open OBU; anything else is a packet out of place.
        if (header.IsContinuation != _obuOpen)
        {
            return false;
        }

        var count = header.ObuElementCount;
        var position = 1;
        var index = 0;
        while (position < payload.Length)
        {
            var last = count != 0 && index == count - 1;
            int length;
            if (last)
            {
                length = payload.Length - position;
            }
            else
            {
                if (!Leb128.TryRead(payload[position..], out length, out var lengthBytes))
                {
                    return false;
                }

                position += lengthBytes;
                if (length > payload.Length - position)
                {
                    return false;
                }
            }

            var element = payload.Slice(position, length);
            position += length;
            var continues = header.ContinuesInNextPacket && position == payload.Length;
            if (!(index == 0 && header.IsContinuation ? AppendToObu(element) : StartObu(element)))
            {
                return false;
            }

            if (!continues && !CloseObu())
            {
                return false;
            }

            index++;
            if (count != 0 && index == count && position != payload.Length)
            {
                return false;
            }
        }

        return count == 0 || index == count;
    }

    public override bool Finish() => !_obuOpen && Length > 0;

    protected override bool StartsFrame(ReadOnlySpan<byte> payload)
    {
        if (!Av1AggregationHeader.TryParse(payload, out var header) || header.IsContinuation)
        {
            return false;
        }

        IsKeyframe = header.IsNewCodedVideoSequence;
        return true;
    }

    protected override void Reset() => _obuOpen = false;

    private bool StartObu(ReadOnlySpan<byte> element)
    {
        if (element.IsEmpty || _obuOpen)
        {
            return false;
        }

        // OBU header (AV1 bitstream §5.3.2): forbidden bit, type (4), extension flag, has_size_field, reserved.
        var obuHeader = element[0];
        if ((obuHeader & 0x80) != 0)
        {
            return false;
        }

        _obuOpen = true;
        _obuStart = Length;
        _obuType = (obuHeader >> 3) & 0x0F;
        _obuHeaderLength = (obuHeader & 0x04) != 0 ? 2 : 1;
        _obuHadSize = (obuHeader & 0x02) != 0;
        _obuHeaderBytesSeen = 0;
        return AppendToObu(element);
    }

    private bool AppendToObu(ReadOnlySpan<byte> bytes)
    {
        // The header itself may be split across packets (an extension byte in the next one): write it byte by byte
        // until whole, with has_size_field set, then the size room, then payload.
        while (_obuHeaderBytesSeen < _obuHeaderLength && !bytes.IsEmpty)
        {
            var b = _obuHeaderBytesSeen == 0 ? (byte)(bytes[0] | 0x02) : bytes[0];
            if (!TryWrite(b))
            {
                return false;
            }

            _obuHeaderBytesSeen++;
            bytes = bytes[1..];
            if (_obuHeaderBytesSeen == _obuHeaderLength)
            {
                if (Remaining < SizeRoom)
                {
                    return false;
                }

                Advance(SizeRoom);
            }
        }

        return TryWrite(bytes);
    }

    private bool CloseObu()
    {
        _obuOpen = false;
        if (_obuHeaderBytesSeen < _obuHeaderLength)
        {
            return false;
        }

        var payloadStart = _obuStart + _obuHeaderLength + SizeRoom;
        var payload = Written[payloadStart..];
        if (_obuHadSize)
        {
            // The sender kept the OBU's own size field (allowed, not recommended): it bounds the payload.
            if (!Leb128.TryRead(payload, out var declared, out var declaredBytes) || declared > payload.Length - declaredBytes)
            {
                return false;
            }

            payload = payload.Slice(declaredBytes, declared);
        }

        if (_obuType is ObuTemporalDelimiter or ObuTileList or ObuPadding)
        {
            Truncate(_obuStart);
            return true;
        }

        var sizeAt = _obuStart + _obuHeaderLength;
        var sizeBytes = Leb128.Write(Written.Slice(sizeAt, SizeRoom), payload.Length);
        var payloadLength = payload.Length;
        payload.CopyTo(Written[(sizeAt + sizeBytes)..]);
        Truncate(sizeAt + sizeBytes + payloadLength);
        return true;
    }
}
