using CsCheck;
using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>Property tests: whatever a sender protects, a receiver with the same keys gets back byte for byte.</summary>
public sealed class SrtpRoundTripTests
{
    private static readonly Gen<SrtpProfile> Profile = Gen.OneOf<SrtpProfile>(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm);

    [Fact]
    public void Rtp_RandomPacket_RoundTrips() =>
        Gen.Select(Profile, Gen.UInt, Gen.UShort, Gen.Byte.Array[0, 1400], Gen.Int[0, 15], Gen.Int[-1, 8])
            .Sample((profile, ssrc, sequence, payload, csrcs, extensionWords) =>
            {
                using var sender = new SrtpSender(Loopback(profile));
                using var receiver = new SrtpReceiver(Loopback(profile));
                var rtp = BuildRtp(ssrc, sequence, payload, csrcs, extensionWords);
                var srtp = ProtectRtp(sender, rtp);
                Assert.Equal(RtpLength(rtp) + sender.RtpOverhead, srtp.Length);
                var headerLength = RtpLength(rtp) - payload.Length;
                Assert.Equal(rtp[..headerLength], srtp[..headerLength]);
                if (payload.Length >= 8)
                {
                    Assert.NotEqual(payload, srtp[headerLength..RtpLength(rtp)]);
                }

                var (status, plain) = UnprotectRtp(receiver, srtp);
                Assert.Equal(SrtpStatus.Ok, status);
                Assert.Equal(rtp[..RtpLength(rtp)], plain);
            }, iter: 400);

    [Fact]
    public void Rtcp_RandomCompound_RoundTrips() =>
        Gen.Select(Profile, Gen.UInt, Gen.Byte.Array[0, 1200])
            .Sample((profile, ssrc, body) =>
            {
                using var sender = new SrtpSender(Loopback(profile));
                using var receiver = new SrtpReceiver(Loopback(profile));
                var rtcp = BuildRtcp(ssrc, body);
                var srtcp = ProtectRtcp(sender, rtcp);
                Assert.Equal(RtpLength(rtcp) + sender.RtcpOverhead, srtcp.Length);
                Assert.Equal(rtcp[..8], srtcp[..8]);
                var (status, plain) = UnprotectRtcp(receiver, srtcp);
                Assert.Equal(SrtpStatus.Ok, status);
                Assert.Equal(rtcp[..RtpLength(rtcp)], plain);
            }, iter: 300);

    [Fact]
    public void RtpStream_RandomStartAndSteps_AcrossWraps_AllArriveInOrder() =>
        Gen.Select(Profile, Gen.UShort, Gen.Int[1, 3000].Array[50, 200])
            .Sample((profile, start, steps) =>
            {
                using var sender = new SrtpSender(Loopback(profile));
                using var receiver = new SrtpReceiver(Loopback(profile));
                var sequence = start;
                foreach (var step in steps)
                {
                    var rtp = BuildRtp(0xABCD, sequence, [1, 2, 3, 4, 5]);
                    var (status, plain) = UnprotectRtp(receiver, ProtectRtp(sender, rtp));
                    Assert.Equal(SrtpStatus.Ok, status);
                    Assert.Equal(rtp[..RtpLength(rtp)], plain);
                    sequence = unchecked((ushort)(sequence + step));
                }
            }, iter: 60);

    [Fact]
    public void RtpStream_ShuffledWithinTheWindow_AllArriveOnce() =>
        Gen.Select(Profile, Gen.UShort, Gen.Int[0, 1_000_000])
            .Sample((profile, start, shuffleSeed) =>
            {
                // 300 consecutive packets (crossing a wrap whenever start > 65236), delivered in a random order:
                // every displacement is < 300, well inside the window and half the sequence space.
                using var sender = new SrtpSender(Loopback(profile));
                using var receiver = new SrtpReceiver(Loopback(profile));
                var packets = new byte[300][];
                for (var i = 0; i < packets.Length; i++)
                {
                    packets[i] = ProtectRtp(sender, BuildRtp(7, unchecked((ushort)(start + i)), [(byte)i]));
                }

                var order = Enumerable.Range(1, packets.Length - 1).ToArray();
                new Random(shuffleSeed).Shuffle(order);
                Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packets[0]).Status);
                foreach (var i in order)
                {
                    Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packets[i]).Status);
                }

                foreach (var packet in packets)
                {
                    Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, packet).Status);
                }
            }, iter: 40);
}
