using OpenLive.Rtc.Srtp;
using OpenLive.Tests.Shared;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>The per-packet paths allocate nothing once an SSRC is known.</summary>
public sealed class SrtpAllocationTests
{
    public static TheoryData<SrtpProfile> AllProfiles => [.. Profiles];

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ProtectAndUnprotect_1000RtpPackets_AllocateNothing(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var buffer = BuildRtp(0x1111, 0, new byte[1200], csrcCount: 0, extensionWords: 2);
        var length = RtpLength(buffer);
        RunRtp(sender, receiver, buffer, length, 0, 200);

        // Each window protects the next 1,000 sequence numbers: the receiver's replay window refuses repeats.
        var next = 200;
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            RunRtp(sender, receiver, buffer, length, next, 1000);
            next += 1000;
        }, iterations: 1));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ProtectAndUnprotect_1000RtcpPackets_AllocateNothing(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var buffer = BuildRtcp(0x2222, new byte[72]);
        RunRtcp(sender, receiver, buffer, 200);

        Assert.Equal(0, AllocationMeter.LeastAllocated(() => RunRtcp(sender, receiver, buffer, 1000), iterations: 1));
    }

    private static void RunRtp(SrtpSender sender, SrtpReceiver receiver, byte[] buffer, int length, int firstSequence, int count)
    {
        for (var i = 0; i < count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), unchecked((ushort)(65000 + firstSequence + i)));
            var protectStatus = sender.ProtectRtp(buffer, length, out var protectedLength);
            var unprotectStatus = receiver.UnprotectRtp(buffer, protectedLength, out var plainLength);
            if (protectStatus != SrtpStatus.Ok || unprotectStatus != SrtpStatus.Ok || plainLength != length)
            {
                Assert.Fail($"packet {i}: {protectStatus}, {unprotectStatus}");
            }
        }
    }

    private static void RunRtcp(SrtpSender sender, SrtpReceiver receiver, byte[] buffer, int count)
    {
        var length = RtpLength(buffer);
        for (var i = 0; i < count; i++)
        {
            var protectStatus = sender.ProtectRtcp(buffer, length, out var protectedLength);
            var unprotectStatus = receiver.UnprotectRtcp(buffer, protectedLength, out var plainLength);
            if (protectStatus != SrtpStatus.Ok || unprotectStatus != SrtpStatus.Ok || plainLength != length)
            {
                Assert.Fail($"packet {i}: {protectStatus}, {unprotectStatus}");
            }
        }
    }
}
