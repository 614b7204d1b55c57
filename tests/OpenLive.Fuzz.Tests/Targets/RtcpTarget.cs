using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// Compound RTCP as the SFU reads it after SRTCP: <see cref="RtcpReader"/> and, on every packet it yields, every
/// packet parser (each checks its own type, so every parser also sees every other type's bytes): SR, RR, SDES, BYE,
/// generic NACK, PLI, FIR, REMB and transport-wide congestion control feedback, each walked to the end. Seeds are
/// compound packets from the project's writers, one per type plus a browser-like SR+SDES+REMB compound.
/// </summary>
internal sealed class RtcpTarget : FuzzTarget<byte[]>
{
    public override string Name => "RTCP compound + feedback";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    protected override long AllocationBound(int inputLength) => 0;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        _ = SrtpHeaderReader.TryReadRtcp(input, out _);
        var reader = new RtcpReader(input);
        while (reader.TryRead(out var packet))
        {
            _ = packet.Type;
            _ = packet.Count;
            _ = packet.Body;
            ParseEveryKind(packet);
        }

        _ = reader.Status;
    }

    private static void ParseEveryKind(in RtcpPacket packet)
    {
        if (SenderReport.TryParse(packet, out var sr))
        {
            _ = sr.Info;
            for (var i = 0; i < sr.ReportCount; i++)
            {
                _ = sr.GetReportBlock(i);
            }
        }

        if (ReceiverReport.TryParse(packet, out var rr))
        {
            for (var i = 0; i < rr.ReportCount; i++)
            {
                _ = rr.GetReportBlock(i);
            }
        }

        if (SourceDescription.TryParse(packet, out var sdes))
        {
            foreach (var chunk in sdes)
            {
                _ = chunk.Cname.Length;
            }
        }

        if (Goodbye.TryParse(packet, out var bye))
        {
            for (var i = 0; i < bye.Count; i++)
            {
                _ = bye.GetSsrc(i);
            }

            _ = bye.Reason.Length;
        }

        _ = RtcpFeedback.TryParse(packet, out _);
        if (GenericNack.TryParse(packet, out var nack))
        {
            foreach (var lost in nack)
            {
                _ = lost;
            }
        }

        _ = PictureLossIndication.TryParse(packet, out _, out _);
        if (FullIntraRequest.TryParse(packet, out var fir))
        {
            for (var i = 0; i < fir.Count; i++)
            {
                _ = fir.GetEntry(i);
            }
        }

        if (ReceiverEstimatedMaximumBitrate.TryParse(packet, out var remb))
        {
            _ = remb.Bitrate;
            for (var i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }
        }

        if (TransportCcFeedback.TryParse(packet, out var twcc))
        {
            foreach (var received in twcc)
            {
                _ = received.ArrivalTime;
            }
        }
    }

    private static List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        var buffer = new byte[1500];
        var block = new ReportBlock(0xCAFEBABE, 12, 345, 70000, 20, 0x12345678, 655);
        int n;
        SenderReport.TryWrite(buffer, new SenderInfo(0x11111111, 0xE1234567_89ABCDEF, 90000, 100, 120000), [block, block], out n);
        var sr = buffer[..n];
        seeds.Add(sr);
        ReceiverReport.TryWrite(buffer, 0x22222222, [block], out n);
        seeds.Add(buffer[..n]);
        SourceDescription.TryWrite(buffer, 0x11111111, "f3b2c1d0-cname"u8, out n);
        var sdes = buffer[..n];
        seeds.Add(sdes);
        Goodbye.TryWrite(buffer, [0x11111111, 0x33333333], "left"u8, out n);
        seeds.Add(buffer[..n]);
        GenericNack.TryWrite(buffer, 0x22222222, 0xCAFEBABE, [100, 101, 105, 117, 400, 65535, 0, 3], out n);
        seeds.Add(buffer[..n]);
        PictureLossIndication.TryWrite(buffer, 0x22222222, 0xCAFEBABE, out n);
        seeds.Add(buffer[..n]);
        FullIntraRequest.TryWrite(buffer, 0x22222222, [new FirEntry(0xCAFEBABE, 3), new FirEntry(0xDEADBEEF, 4)], out n);
        seeds.Add(buffer[..n]);
        ReceiverEstimatedMaximumBitrate.TryWrite(buffer, 0x22222222, 2_500_000, [0xCAFEBABE, 0xDEADBEEF], out n);
        var remb = buffer[..n];
        seeds.Add(remb);
        TimeSpan[] arrivals =
        [
            TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1001), TransportCcWriter.NotReceived,
            TimeSpan.FromMilliseconds(1070), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(900),
            .. Enumerable.Range(0, 20).Select(i => TimeSpan.FromMilliseconds(2000 + i)),
        ];
        TransportCcWriter.TryWrite(buffer, 0x22222222, 0xCAFEBABE, 65530, 7, arrivals, out n, out _);
        seeds.Add(buffer[..n]);
        seeds.Add([.. sr, .. sdes, .. remb]);
        return seeds;
    }
}
