using CsCheck;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>The sliding replay bitmap and the ROC guess, checked against plain models.</summary>
public sealed class ReplayWindowTests
{
    [Fact]
    public void Window_MatchesASetModel() =>
        Gen.Select(Gen.ULong[0, 1UL << 40], Gen.Int[-1100, 1500].Array[1, 400]).Sample((start, moves) =>
        {
            // Model: every accepted index; anything more than Size behind the highest counts as seen.
            var window = default(ReplayWindow);
            var accepted = new HashSet<ulong>();
            ulong? highest = null;
            var index = start;
            foreach (var move in moves)
            {
                index = (ulong)Math.Max(0, (long)index + move);
                var expected = highest is { } h && index <= h && (h - index >= ReplayWindow.Size || accepted.Contains(index));
                Assert.Equal(expected, window.IsReplayed(index));
                if (!expected)
                {
                    window.Accept(index);
                    accepted.Add(index);
                    highest = Math.Max(highest ?? index, index);
                }
            }
        }, iter: 500);

    [Fact]
    public void BigJumpAhead_ClearsTheWindow_AndOldIndicesBecomeTooOld()
    {
        var window = default(ReplayWindow);
        window.Accept(10);
        window.Accept(11);
        window.Accept(5000);
        Assert.True(window.IsReplayed(11));
        Assert.False(window.IsReplayed(4000));
        Assert.True(window.IsReplayed(5000));
        Assert.False(window.IsReplayed(5001));
    }

    [Fact]
    public void IndexBeforeTheFirstRoc_SitsJustBehindTheStart()
    {
        // ROC 2^32 - 1 with SEQ 65533 is index -3 modulo 2^48: three behind index 0.
        var window = default(ReplayWindow);
        window.Accept(SrtpPacketIndex.Of(0, 5));
        var late = SrtpPacketIndex.Of(uint.MaxValue, 65533);
        Assert.False(window.IsReplayed(late));
        window.Accept(late);
        Assert.True(window.IsReplayed(late));
        Assert.False(window.IsReplayed(SrtpPacketIndex.Of(0, 6)));
        Assert.True(window.IsReplayed(SrtpPacketIndex.Of(0, 5)));
    }

    [Theory]
    [InlineData(0u, (ushort)100, (ushort)101, 0u)]
    [InlineData(0u, (ushort)100, (ushort)50, 0u)]
    [InlineData(5u, (ushort)65535, (ushort)0, 6u)]
    [InlineData(5u, (ushort)65000, (ushort)200, 6u)]
    [InlineData(6u, (ushort)3, (ushort)65534, 5u)]
    [InlineData(0u, (ushort)3, (ushort)65534, uint.MaxValue)]
    [InlineData(7u, (ushort)40000, (ushort)7233, 7u)]
    [InlineData(7u, (ushort)40000, (ushort)7231, 8u)]
    [InlineData(7u, (ushort)1000, (ushort)33768, 7u)]
    [InlineData(7u, (ushort)1000, (ushort)33769, 6u)]
    public void RocGuess_FollowsRfc3711AppendixA(uint roc, ushort highest, ushort sequence, uint expected) =>
        Assert.Equal(expected, SrtpPacketIndex.GuessRolloverCounter(roc, highest, sequence));

    [Fact]
    public void RocGuess_PicksTheClosestIndex() =>
        Gen.Select(Gen.UInt[1, uint.MaxValue - 1], Gen.UShort, Gen.UShort).Sample((roc, highest, sequence) =>
        {
            // Model: of ROC-1, ROC, ROC+1, the v whose index is nearest 2^16 * ROC + s_l (ties are not at stake: the
            // RFC's strict comparisons put a distance of exactly 2^15 in the current ROC).
            var reference = ((long)roc << 16) + highest;
            var guess = SrtpPacketIndex.GuessRolloverCounter(roc, highest, sequence);
            var distance = Math.Abs(((long)guess << 16) + sequence - reference);
            return distance <= 32768;
        }, iter: 5000);
}
