using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// RTP as the SFU reads a decrypted packet: the header (<see cref="RtpHeader.TryParse"/>) with CSRCs, padding and
/// one- and two-byte header extensions, every extension value reader, the RTX original sequence number, the codec
/// payload descriptors (VP8, VP9, H.264, AV1) and the SRTP header reader. Seeds are packets from
/// <see cref="RtpPacketWriter"/>.
/// </summary>
internal sealed class RtpTarget : FuzzTarget<byte[]>
{
    public override string Name => "RTP header + extensions";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    protected override long AllocationBound(int inputLength) => 0;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        _ = SrtpHeaderReader.TryReadRtp(input, out _, out _, out _);
        if (!RtpHeader.TryParse(input, out var header))
        {
            return;
        }

        for (var i = 0; i < header.CsrcCount; i++)
        {
            _ = header.GetCsrc(input, i);
        }

        var payload = header.GetPayload(input);
        _ = header.GetExtensionData(input);
        foreach (var element in RtpExtensions.Enumerate(input, header))
        {
            var value = input.AsSpan(element.Offset, element.Length);
            _ = AudioLevel.TryRead(value, out _, out _);
            _ = AbsSendTime.TryRead(value, out _);
            _ = TransportWideSequence.TryRead(value, out _);
            _ = VideoOrientation.TryRead(value, out _);
            _ = SdesExtension.TryReadValue(value, out _);
        }

        for (var id = 1; id <= 15; id++)
        {
            _ = RtpExtensions.TryGetValue(input, header, id, out _);
            _ = TransportWideSequence.TryRead(input, header, id, out _);
            _ = SdesExtension.TryGetValue(input, header, id, out _);
        }

        _ = Rtx.TryReadOriginalSequenceNumber(input, header, out _);
        _ = Vp8Descriptor.TryParse(payload, out _);
        _ = Vp9Descriptor.TryParse(payload, out _);
        _ = H264Payload.TryParse(payload, out _);
        _ = Av1AggregationHeader.TryParse(payload, out _);
    }

    private static List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        // VP8 with picture id, H.264 FU-A, VP9 flexible mode, AV1 aggregation header, Opus.
        byte[][] payloads =
        [
            [0x90, 0xE0, 0x80, 0x01, 0x9D, 0x01, 0x2A, 0x00],
            [0x7C, 0x85, 0x88, 0x84, 0x00, 0x33],
            [0xAC, 0x80, 0x01, 0x00, 0x01, 0x02, 0x03],
            [0x18, 0x0A, 0x0B, 0x00, 0x00, 0x00, 0x2C],
            [0xFC, 0xFF, 0xFE, 0x01],
        ];
        byte[][] extensions = [[0x80 | 42], [0x12, 0x34, 0x56], [0x01, 0x02], [0x30], "0"u8.ToArray()];
        foreach (var encoding in new[] { RtpExtensionEncoding.OneByte, RtpExtensionEncoding.TwoByte })
        {
            for (var p = 0; p < payloads.Length; p++)
            {
                var buffer = new byte[1500];
                uint[] csrcs = p % 2 == 0 ? [] : [0x11111111, 0x22222222];
                var writer = new RtpPacketWriter(buffer, (byte)(96 + p), (ushort)(65530 + p), 90_000u * (uint)p, 0xCAFEBABE, marker: p == 0, encoding, csrcs);
                for (var e = 0; e < extensions.Length; e++)
                {
                    writer.TryAddExtension(e + 1, extensions[e]);
                }

                if (writer.TryFinish(payloads[p], paddingLength: p % 3 == 0 ? 4 : 0, out var length))
                {
                    seeds.Add(buffer[..length]);
                }
            }
        }

        // RTX: original sequence number first in the payload.
        seeds.Add([0x80, 97, 0x00, 0x01, 0, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF, 0xFE, 0x90, 0xE0, 0x80, 0x01]);
        return seeds;
    }
}
