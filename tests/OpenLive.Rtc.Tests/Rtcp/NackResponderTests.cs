using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class NackResponderTests
{
    /// <summary>Resends even sequence numbers only (odd ones are "no longer kept"), remembering the last one.</summary>
    private struct EvenOnly : IRetransmitter
    {
        public int Calls;

        public bool TryRetransmit(ushort sequenceNumber)
        {
            Calls++;
            return sequenceNumber % 2 == 0;
        }
    }

    private static byte[] Nack(params ushort[] lost)
    {
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost, out var written));
        return buffer[..written];
    }

    private static int Respond(NackResponder responder, byte[] packet, ref EvenOnly retransmitter, TimeSpan now)
    {
        var reader = new RtcpReader(packet);
        Assert.True(reader.TryRead(out var rtcp));
        Assert.True(GenericNack.TryParse(rtcp, out var nack));
        return responder.Respond(nack, ref retransmitter, now);
    }

    [Fact]
    public void EveryListedPacket_GoesToTheRetransmitter_AndTheOutcomeIsCounted()
    {
        var responder = new NackResponder();
        var retransmitter = new EvenOnly();
        var packet = Nack(10, 11, 12, 13, 30); // 10-13 share one FCI (PID 10, BLP), 30 has its own.
        Assert.Equal(3, Respond(responder, packet, ref retransmitter, TimeSpan.Zero));
        Assert.Equal(5, retransmitter.Calls);
        Assert.Equal((1L, 5L, 3L, 0L), (responder.Nacks, responder.Requested, responder.Retransmitted, responder.Refused));
    }

    [Fact]
    public void ABudget_CapsRetransmissionsPerSecond_AndRefillsWithTime()
    {
        var responder = new NackResponder(maxRetransmissionsPerSecond: 4);
        var retransmitter = new EvenOnly();
        var packet = Nack(0, 2, 4, 6, 8, 10);
        Assert.Equal(4, Respond(responder, packet, ref retransmitter, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, responder.Refused);

        // Half a second refills two; packets not kept spend nothing.
        Assert.Equal(2, Respond(responder, Nack(1, 3, 12, 14, 16), ref retransmitter, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(3, responder.Refused);
        Assert.Equal(6, responder.Retransmitted);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NackResponder(-1));
    }

    [Fact]
    public void ACapPerNack_RefusesTheSequenceNumbersPastIt()
    {
        var responder = new NackResponder(maxSequenceNumbersPerNack: 3);
        var retransmitter = new EvenOnly();
        Assert.Equal(2, Respond(responder, Nack(0, 1, 2, 3, 4, 6, 8), ref retransmitter, TimeSpan.Zero)); // 0, 2 of 0-2.
        Assert.Equal(3, retransmitter.Calls);
        Assert.Equal((7L, 2L, 4L), (responder.Requested, responder.Retransmitted, responder.Refused));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NackResponder(0, -1));
    }

    [Fact]
    public void Answering_AllocatesNothing()
    {
        var responder = new NackResponder(maxRetransmissionsPerSecond: 1000);
        var retransmitter = new EvenOnly();
        var packet = Nack(100, 101, 102, 103, 104, 105, 106, 200);
        var now = TimeSpan.Zero;
        Assert.Equal(0, Allocations.Measure(() =>
        {
            now += TimeSpan.FromMilliseconds(10);
            Respond(responder, packet, ref retransmitter, now);
        }));
    }
}
