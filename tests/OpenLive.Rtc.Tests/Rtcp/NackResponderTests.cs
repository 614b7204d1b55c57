using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class NackResponderTests
{
    /// <summary>Resends even sequence numbers only (odd ones are "no longer kept"), each 100 bytes on the wire.</summary>
    private struct EvenOnly : IRetransmitter
    {
        public int Calls;

        public bool TryRetransmit(ushort sequenceNumber, RetransmissionBudget budget)
        {
            Calls++;
            return sequenceNumber % 2 == 0 && budget.TryTake(100);
        }
    }

    /// <summary>A generic NACK from SSRC 1 about SSRC 2 listing <paramref name="lost"/>.</summary>
    internal static byte[] Nack(params ushort[] lost)
    {
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost, out var written));
        return buffer[..written];
    }

    /// <summary>Reads <paramref name="packet"/> as the receiving endpoint does and has <paramref name="responder"/> answer it.</summary>
    internal static int Respond<TRetransmitter>(NackResponder responder, byte[] packet, ref TRetransmitter retransmitter)
        where TRetransmitter : struct, IRetransmitter
    {
        var reader = new RtcpReader(packet);
        Assert.True(reader.TryRead(out var rtcp));
        Assert.True(GenericNack.TryParse(rtcp, out var nack));
        return responder.Respond(nack, ref retransmitter);
    }

    [Fact]
    public void EveryListedPacket_GoesToTheRetransmitter_AndTheOutcomeIsCounted()
    {
        var responder = new NackResponder();
        var retransmitter = new EvenOnly();
        var packet = Nack(10, 11, 12, 13, 30); // 10-13 share one FCI (PID 10, BLP), 30 has its own.
        Assert.Equal(3, Respond(responder, packet, ref retransmitter));
        Assert.Equal(5, retransmitter.Calls);
        Assert.Equal((1L, 5L, 3L, 0L), (responder.Nacks, responder.Requested, responder.Retransmitted, responder.Refused));
    }

    [Fact]
    public void ABudget_CapsRetransmissionsPerSecond_AndRefillsWithTime()
    {
        var time = new FakeTimeProvider();
        var responder = new NackResponder(new RetransmissionBudget(4, 1_000_000, time, burst: TimeSpan.FromSeconds(1)));
        var retransmitter = new EvenOnly();
        var packet = Nack(0, 2, 4, 6, 8, 10);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, Respond(responder, packet, ref retransmitter));
        Assert.Equal(2, responder.Refused);

        // Half a second refills two; packets not kept spend nothing.
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(2, Respond(responder, Nack(1, 3, 12, 14, 16), ref retransmitter));
        Assert.Equal(3, responder.Refused);
        Assert.Equal(6, responder.Retransmitted);
        Assert.Equal(3, responder.Budget.Refused);
    }

    [Fact]
    public void ACapPerNack_RefusesTheSequenceNumbersPastIt()
    {
        var responder = new NackResponder(maxSequenceNumbersPerNack: 3);
        var retransmitter = new EvenOnly();
        Assert.Equal(2, Respond(responder, Nack(0, 1, 2, 3, 4, 6, 8), ref retransmitter)); // 0, 2 of 0-2.
        Assert.Equal(3, retransmitter.Calls);
        Assert.Equal((7L, 2L, 4L), (responder.Requested, responder.Retransmitted, responder.Refused));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NackResponder(null, -1));
    }

    [Fact]
    public void Answering_AllocatesNothing()
    {
        var time = new CountingClock();
        var responder = new NackResponder(new RetransmissionBudget(1000, 1_000_000, time));
        var retransmitter = new EvenOnly();
        var packet = Nack(100, 101, 102, 103, 104, 105, 106, 200);
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            time.Now += 10; // 10 ms
            Respond(responder, packet, ref retransmitter);
        }));
    }

    /// <summary>A clock in milliseconds moved by hand, so advancing it inside the measured region allocates nothing.</summary>
    private sealed class CountingClock : TimeProvider
    {
        public long Now;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Now;
    }
}
