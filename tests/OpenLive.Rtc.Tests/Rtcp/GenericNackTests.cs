using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class GenericNackTests
{
    [Fact]
    public void GapOfExactly16_FitsTheBlpsLastBit()
    {
        // RFC 4585 §6.2.1: BLP bit i (LSB first) reports PID + i + 1, so PID + 16 is bit 15.
        Assert.Equal(Convert.FromHexString("81CD0003" + "11223344" + "55667788" + "0064" + "8000"), Write(100, 116));
        Assert.Equal([(ushort)100, (ushort)116], Read(Write(100, 116)));
    }

    [Fact]
    public void GapOf17_NeedsASecondEntry() =>
        Assert.Equal(Convert.FromHexString("81CD0004" + "11223344" + "55667788" + "00640000" + "00750000"), Write(100, 117));

    [Fact]
    public void Wrap_65535To0_StaysInOneEntry()
    {
        var packet = Write(65534, 65535, 0, 1);
        Assert.Equal(Convert.FromHexString("81CD0003" + "11223344" + "55667788" + "FFFE" + "0007"), packet);
        Assert.Equal([(ushort)65534, (ushort)65535, (ushort)0, (ushort)1], Read(packet));
    }

    [Fact]
    public void Duplicates_AreReportedOnce() =>
        Assert.Equal([(ushort)5, (ushort)6], Read(Write(5, 5, 6, 6, 5)));

    [Fact]
    public void EmptyOrTooSmall_IsRefused()
    {
        Assert.False(GenericNack.TryWrite(new byte[100], 1, 2, [], out _));
        Assert.False(GenericNack.TryWrite(new byte[15], 1, 2, [1], out _));
        Assert.True(GenericNack.TryWrite(new byte[16], 1, 2, [1], out _));
    }

    [Fact]
    public void AscendingLosses_RoundTrip_InOrder() =>
        Gen.Select(Gen.UShort, Gen.Int[1, 40].Array[1, 80]).Sample((start, steps) =>
        {
            var lost = new ushort[steps.Length];
            var sequence = start;
            for (var i = 0; i < steps.Length; i++)
            {
                sequence = (ushort)(sequence + steps[i]);
                lost[i] = sequence;
            }

            var packet = Write(lost);
            Assert.Equal(lost, Read(packet));
            Assert.Equal(GenericNack.GetLength(lost), packet.Length);
            Assert.True(GenericNack.CountEntries(lost) <= lost.Length);
        });

    [Fact]
    public void UnorderedLosses_AreAllReported() =>
        Gen.UShort.Array[1, 60].Sample(lost =>
            Assert.Equal(lost.Distinct().Order().ToArray(), Read(Write(lost)).Distinct().Order().ToArray()));

    [Fact]
    public void MutatedNacks_NeverThrow() =>
        Mutations.Of(Write(1, 2, 40, 41, 65535)).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5000);

    [Fact]
    public void WriteAndRead_AllocateNothing()
    {
        var buffer = new byte[200];
        var lost = new ushort[] { 10, 11, 15, 30, 60, 61, 62 };
        var sum = 0;
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            GenericNack.TryWrite(buffer, 1, 2, lost, out var written);
            var reader = new RtcpReader(buffer.AsSpan(0, written));
            while (reader.TryRead(out var packet))
            {
                if (GenericNack.TryParse(packet, out var nack))
                {
                    foreach (var sequence in nack)
                    {
                        sum += sequence;
                    }
                }
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(3001 * 249, sum);
    }

    private static byte[] Write(params ushort[] lost)
    {
        var buffer = new byte[1000];
        Assert.True(GenericNack.TryWrite(buffer, 0x11223344, 0x55667788, lost, out var written));
        return buffer[..written];
    }

    private static List<ushort> Read(byte[] packet)
    {
        Assert.True(GenericNack.TryParse(RtcpTestPackets.Single(packet), out var nack));
        Assert.Equal(0x11223344u, nack.SenderSsrc);
        Assert.Equal(0x55667788u, nack.MediaSsrc);
        var list = new List<ushort>();
        foreach (var sequence in nack)
        {
            list.Add(sequence);
        }

        return list;
    }
}
