using System.Buffers.Binary;
using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// H.264 (RFC 6184, packetization mode 1 as WebRTC uses it) to Annex B: every NAL unit written after a 4-byte start
/// code — a single NAL unit packet as it is, each unit of a STAP-A, and a FU-A's fragments joined behind the NAL
/// header rebuilt from the FU indicator (F, NRI) and FU header (type). The frame is a keyframe when it holds an IDR
/// slice. STAP-B, MTAP and FU-B (interleaved mode) are refused.
/// </summary>
internal sealed class H264FrameAssembler(int maxFrameBytes) : FrameAssembler(maxFrameBytes)
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private bool _fragmentOpen;

    public override bool Append(ReadOnlySpan<byte> payload)
    {
        if (!H264Payload.TryParse(payload, out var info))
        {
            return false;
        }

        switch (info.Kind)
        {
            case H264PacketKind.SingleNal:
                return !_fragmentOpen && WriteNal(payload);

            case H264PacketKind.StapA:
                if (_fragmentOpen)
                {
                    return false;
                }

                // TryParse has checked that every unit's size fits.
                var position = 1;
                while (position < payload.Length)
                {
                    var size = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]);
                    if (!WriteNal(payload.Slice(position + 2, size)))
                    {
                        return false;
                    }

                    position += 2 + size;
                }

                return true;

            case H264PacketKind.FuA:
                return AppendFragment(payload, info);

            default:
                return false;
        }
    }

    public override bool Finish() => !_fragmentOpen && Length > 0;

    protected override bool StartsFrame(ReadOnlySpan<byte> payload) =>
        H264Payload.TryParse(payload, out var info) && info.IsFragmentStart && info.Kind is not H264PacketKind.Other;

    protected override void Reset() => _fragmentOpen = false;

    private bool AppendFragment(ReadOnlySpan<byte> payload, H264Payload info)
    {
        if (payload.Length < 3)
        {
            return false;
        }

        if (info.IsFragmentStart)
        {
            if (_fragmentOpen || !TryWrite(StartCode) || !TryWrite((byte)((payload[0] & 0xE0) | (payload[1] & 0x1F))))
            {
                return false;
            }

            _fragmentOpen = true;
            NoteNalType(payload[1] & 0x1F);
        }
        else if (!_fragmentOpen)
        {
            return false;
        }

        if (!TryWrite(payload[2..]))
        {
            return false;
        }

        if (info.IsFragmentEnd)
        {
            _fragmentOpen = false;
        }

        return true;
    }

    private bool WriteNal(ReadOnlySpan<byte> nal)
    {
        NoteNalType(nal[0] & 0x1F);
        return TryWrite(StartCode) && TryWrite(nal);
    }

    private void NoteNalType(int nalType)
    {
        if (nalType == H264Payload.NalIdr)
        {
            IsKeyframe = true;
        }
    }
}
