using OpenLive.Rtc.Rtcp;

namespace OpenLive.Rtc.Tests.Rtcp;

/// <summary>Helpers that read RTCP test bytes and run every reader over them.</summary>
internal static class RtcpTestPackets
{
    public static RtcpPacket Single(byte[] bytes)
    {
        var reader = new RtcpReader(bytes);
        Assert.True(reader.TryRead(out var packet), $"no packet: {reader.Status}");
        Assert.Equal(RtcpReadStatus.End, reader.Status);
        return packet;
    }

    /// <summary>Reads a compound packet and every typed view of each packet in it, touching every value; returns the packet count.</summary>
    public static int ReadEverything(ReadOnlySpan<byte> compound, out RtcpReadStatus status)
    {
        var reader = new RtcpReader(compound);
        var count = 0;
        long sink = 0;
        while (reader.TryRead(out var packet))
        {
            count++;
            Assert.InRange(packet.Body.Length, 0, packet.Raw.Length - 4);
            if (SenderReport.TryParse(packet, out var sr))
            {
                sink += sr.Info.PacketCount;
                for (var i = 0; i < sr.ReportCount; i++)
                {
                    sink += sr.GetReportBlock(i).CumulativeLost;
                }
            }

            if (ReceiverReport.TryParse(packet, out var rr))
            {
                for (var i = 0; i < rr.ReportCount; i++)
                {
                    sink += rr.GetReportBlock(i).Jitter;
                }
            }

            if (SourceDescription.TryParse(packet, out var sdes))
            {
                foreach (var chunk in sdes)
                {
                    sink += chunk.Cname.Length;
                }
            }

            if (Goodbye.TryParse(packet, out var bye))
            {
                for (var i = 0; i < bye.Count; i++)
                {
                    sink += bye.GetSsrc(i);
                }

                sink += bye.Reason.Length;
            }

            if (GenericNack.TryParse(packet, out var nack))
            {
                foreach (var lost in nack)
                {
                    sink += lost;
                }
            }

            if (PictureLossIndication.TryParse(packet, out var sender, out _))
            {
                sink += sender;
            }

            if (FullIntraRequest.TryParse(packet, out var fir))
            {
                for (var i = 0; i < fir.Count; i++)
                {
                    sink += fir.GetEntry(i).SequenceNumber;
                }
            }

            if (ReceiverEstimatedMaximumBitrate.TryParse(packet, out var remb))
            {
                sink += (long)(remb.Bitrate & 0xFFFF);
                for (var i = 0; i < remb.SsrcCount; i++)
                {
                    sink += remb.GetSsrc(i);
                }
            }

            if (TransportCcFeedback.TryParse(packet, out var twcc))
            {
                var seen = 0;
                foreach (var reported in twcc)
                {
                    seen++;
                    sink += reported.Delta.Ticks;
                }

                Assert.Equal(twcc.PacketStatusCount, seen);
            }
        }

        status = reader.Status;
        GC.KeepAlive(sink);
        return count;
    }
}
