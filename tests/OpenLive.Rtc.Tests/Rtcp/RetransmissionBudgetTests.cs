using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class RetransmissionBudgetTests
{
    /// <summary>Resends every packet it is asked for, <see cref="Length"/> bytes each, within the budget.</summary>
    private struct Everything(int length) : IRetransmitter
    {
        public readonly int Length = length;

        public readonly bool TryRetransmit(ushort sequenceNumber, RetransmissionBudget budget) => budget.TryTake(Length);
    }

    [Fact]
    public void Packets_AreBoundedByABurst_AndRefillAtTheRate()
    {
        var time = new FakeTimeProvider();
        var budget = new RetransmissionBudget(packetsPerSecond: 40, bytesPerSecond: 1_000_000, time); // burst: 10 packets
        var taken = Enumerable.Range(0, 20).Count(_ => budget.TryTake(100));
        Assert.Equal(10, taken);
        Assert.Equal(10, budget.Refused);

        time.Advance(TimeSpan.FromMilliseconds(100)); // 4 packets' worth
        Assert.Equal(4, Enumerable.Range(0, 20).Count(_ => budget.TryTake(100)));
        time.Advance(TimeSpan.FromSeconds(10)); // never more than the burst
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => budget.TryTake(100)));
    }

    [Fact]
    public void Bytes_AreBoundedToo_AndALargePacketThatDoesNotFitTakesNothing()
    {
        var time = new FakeTimeProvider();
        var budget = new RetransmissionBudget(packetsPerSecond: 1000, bytesPerSecond: 20_000, time); // burst: 5,000 bytes
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => budget.TryTake(1200)));
        Assert.False(budget.TryTake(1200)); // 200 bytes left
        Assert.True(budget.TryTake(200));
        Assert.False(budget.TryTake(1));
    }

    [Fact]
    public void OneBudget_SharedByAPeersResponders_BoundsThemTogether()
    {
        var time = new FakeTimeProvider();
        var budget = new RetransmissionBudget(packetsPerSecond: 40, bytesPerSecond: 1_000_000, time); // burst: 10 packets
        var audio = new NackResponder(budget);
        var video = new NackResponder(budget);
        var retransmitter = new Everything(500);

        var nack = NackResponderTests.Nack(1, 2, 3, 4, 5, 6, 7, 8);
        Assert.Equal(8, NackResponderTests.Respond(video, nack, ref retransmitter));
        Assert.Equal(2, NackResponderTests.Respond(audio, nack, ref retransmitter));
        Assert.Equal((0L, 6L, 6L), (video.Refused, audio.Refused, budget.Refused));
    }

    [Fact]
    public void Unlimited_RefusesNothing()
    {
        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(RetransmissionBudget.Unlimited.TryTake(1500)));
        Assert.Equal(0, RetransmissionBudget.Unlimited.Refused);
        Assert.Same(RetransmissionBudget.Unlimited, new NackResponder().Budget);
    }

    [Fact]
    public void Settings_NoBudgetCouldRunWith_AreRefused()
    {
        var time = new FakeTimeProvider();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionBudget(0, 100_000, time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionBudget(10, 1000, time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionBudget(10, 100_000, time, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new RetransmissionBudget(10, 100_000, null!));
    }
}
