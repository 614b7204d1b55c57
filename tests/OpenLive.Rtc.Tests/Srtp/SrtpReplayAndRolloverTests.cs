using OpenLive.Rtc.Srtp;
using static OpenLive.Rtc.Tests.Srtp.SrtpTestData;

namespace OpenLive.Rtc.Tests.Srtp;

/// <summary>Replay protection, rollover counter estimation (RFC 3711 §3.3.1, Appendix A) and tamper detection.</summary>
public sealed class SrtpReplayAndRolloverTests
{
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 3 + 1))];

    public static TheoryData<SrtpProfile> AllProfiles => [.. Profiles];

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SamePacketTwice_IsReplayed(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var srtp = ProtectRtp(sender, BuildRtp(1, 1000, Payload));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, srtp).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, srtp).Status);

        var srtcp = ProtectRtcp(sender, BuildRtcp(1, Payload));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, srtcp).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtcp(receiver, srtcp).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void PacketOlderThanTheWindow_IsReplayed_OneJustInsideIsAccepted(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var packets = Enumerable.Range(0, ReplayWindow.Size + 2).Select(i => ProtectRtp(sender, BuildRtp(1, (ushort)(100 + i), Payload))).ToArray();
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packets[^1]).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, packets[0]).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packets[2]).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, packets[1]).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SequenceWrap_SenderMovesRocOn_ReceiverFollows(SrtpProfile profile)
    {
        var keys = Loopback(profile);
        using var sender = new SrtpSender(keys);
        using var receiver = new SrtpReceiver(keys);
        using var reference = SrtpTransform.Create(profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        for (var i = 0; i < 12; i++)
        {
            var sequence = unchecked((ushort)(65530 + i));
            var rtp = BuildRtp(9, sequence, Payload);
            var srtp = ProtectRtp(sender, rtp);

            // The sender must have used ROC 1 from sequence number 0 on: protect the same packet with that ROC by hand.
            var byHand = (byte[])rtp.Clone();
            var length = reference.ProtectRtp(byHand, 12, RtpLength(rtp), 9, sequence >= 65530 ? 0u : 1u, sequence);
            Assert.Equal(byHand[..length], srtp);

            var (status, plain) = UnprotectRtp(receiver, srtp);
            Assert.Equal(SrtpStatus.Ok, status);
            Assert.Equal(rtp[..RtpLength(rtp)], plain);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ReorderedAcrossTheWrap_AllAccepted_ThenAllReplayed(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        ushort[] sent = [65533, 65534, 65535, 0, 1, 2, 3];
        var packets = sent.ToDictionary(s => s, s => ProtectRtp(sender, BuildRtp(3, s, Payload)));
        ushort[] arrival = [65533, 0, 65535, 2, 65534, 1, 3];
        foreach (var sequence in arrival)
        {
            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packets[sequence]).Status);
        }

        foreach (var sequence in arrival)
        {
            Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, packets[sequence]).Status);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ReceiverJoiningMidStreamAtHighSequence_FollowsTheWrap(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        for (var i = 0; i < 5636; i++)
        {
            var sequence = unchecked((ushort)(60000 + i));
            var srtp = ProtectRtp(sender, BuildRtp(5, sequence, Payload));
            if (sequence is >= 65000 or < 60000)
            {
                Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, srtp).Status);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ForwardedLatePacketFromBeforeTheFirst_UsesRocMinusOne_AndIsAccepted(SrtpProfile profile)
    {
        // An SFU forwarding a stream that arrived reordered: sequence 5 goes out first, then 65533 from before the
        // wrap. Sender and receiver both guess ROC - 1 (2^32 - 1) for it, and the window places it just behind 5.
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var first = ProtectRtp(sender, BuildRtp(4, 5, Payload));
        var late = ProtectRtp(sender, BuildRtp(4, 65533, Payload));
        var next = ProtectRtp(sender, BuildRtp(4, 6, Payload));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, first).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, late).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, late).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, next).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void AnyTamperedByte_FailsAndNeverYieldsThePlaintext(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        var rtp = BuildRtp(0xDEAD, 77, Payload, csrcCount: 1, extensionWords: 1);
        var srtp = ProtectRtp(sender, rtp);
        var headerLength = 12 + 4 + 8;
        for (var position = 0; position < srtp.Length; position++)
        {
            using var receiver = new SrtpReceiver(Loopback(profile));
            var tampered = (byte[])srtp.Clone();
            tampered[position] ^= 0x20;
            var status = receiver.UnprotectRtp(tampered, tampered.Length, out var length);
            if (position >= headerLength)
            {
                Assert.Equal(SrtpStatus.AuthenticationFailed, status);
            }
            else
            {
                // A header byte may also change where the header ends (CC, X, extension length).
                Assert.True(status is SrtpStatus.AuthenticationFailed or SrtpStatus.Malformed, $"byte {position}: {status}");
            }

            Assert.Equal(0, length);
            Assert.False(tampered.AsSpan().IndexOf(Payload) >= 0, $"plaintext exposed after tampering byte {position}");
            Assert.Equal(0, receiver.SsrcCount);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void AnyTamperedRtcpByte_Fails(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        var srtcp = ProtectRtcp(sender, BuildRtcp(0xBEEF, Payload));
        for (var position = 0; position < srtcp.Length; position++)
        {
            using var receiver = new SrtpReceiver(Loopback(profile));
            var tampered = (byte[])srtcp.Clone();
            tampered[position] ^= 0x01;
            Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(tampered, tampered.Length, out _));
            Assert.False(tampered.AsSpan().IndexOf(Payload) >= 0, $"plaintext exposed after tampering byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void FailedPacket_MovesNoState_TheGenuineOneStillArrives(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, ProtectRtp(sender, BuildRtp(2, 10, Payload))).Status);
        var genuine = ProtectRtp(sender, BuildRtp(2, 30000, Payload));
        var forged = (byte[])genuine.Clone();
        forged[^1] ^= 0xFF;
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtp(receiver, forged).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, genuine).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, ProtectRtp(sender, BuildRtp(2, 30001, Payload))).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void WrongKeys_FailAuthentication(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile, seed: 1));
        using var receiver = new SrtpReceiver(Loopback(profile, seed: 2));
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtp(receiver, ProtectRtp(sender, BuildRtp(1, 1, Payload))).Status);
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtcp(receiver, ProtectRtcp(sender, BuildRtcp(1, Payload))).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SsrcTable_IsBounded_BothDirections(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile), maxSsrcs: 4);
        using var receiver = new SrtpReceiver(Loopback(profile), maxSsrcs: 4);
        for (uint ssrc = 1; ssrc <= 4; ssrc++)
        {
            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, ProtectRtp(sender, BuildRtp(ssrc, 1, Payload))).Status);
        }

        var fifth = BuildRtp(5, 1, Payload);
        Assert.Equal(SrtpStatus.SsrcLimitReached, sender.ProtectRtp((byte[])fifth.Clone(), RtpLength(fifth), out _));
        Assert.Equal(SrtpStatus.SsrcLimitReached, sender.ProtectRtcp(BuildRtcp(5, Payload), 8 + Payload.Length, out _));

        using var otherSender = new SrtpSender(Loopback(profile));
        Assert.Equal(SrtpStatus.SsrcLimitReached, UnprotectRtp(receiver, ProtectRtp(otherSender, fifth)).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, ProtectRtp(sender, BuildRtp(4, 2, Payload))).Status);
        Assert.Equal(4, receiver.SsrcCount);
        Assert.Equal(4, sender.SsrcCount);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SrtcpIndex_CountsFromZeroPerSsrc(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        int IndexOf(byte[] srtcp) => (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(
            srtcp.AsSpan(srtcp.Length - sender.RtcpOverhead + (profile == SrtpProfile.AeadAes128Gcm ? 16 : 0))) & 0x7FFFFFFF);

        Assert.Equal(0, IndexOf(ProtectRtcp(sender, BuildRtcp(1, Payload))));
        Assert.Equal(1, IndexOf(ProtectRtcp(sender, BuildRtcp(1, Payload))));
        Assert.Equal(0, IndexOf(ProtectRtcp(sender, BuildRtcp(2, Payload))));
        Assert.Equal(2, IndexOf(ProtectRtcp(sender, BuildRtcp(1, Payload))));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SrtcpReorderedWithinTheWindow_Accepted_TooOld_Replayed(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var packets = Enumerable.Range(0, ReplayWindow.Size + 1).Select(_ => ProtectRtcp(sender, BuildRtcp(8, Payload))).ToArray();
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, packets[^1]).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtcp(receiver, packets[0]).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, packets[1]).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, packets[500]).Status);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ShortMalformedAndCramped_AreStatuses(SrtpProfile profile)
    {
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var rtp = BuildRtp(1, 1, Payload);
        Assert.Equal(SrtpStatus.TooShort, sender.ProtectRtp(rtp, 11, out _));
        Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(rtp.AsSpan(0, RtpLength(rtp) + sender.RtpOverhead - 1), RtpLength(rtp), out _));
        Assert.Equal(SrtpStatus.TooShort, sender.ProtectRtcp(rtp, 7, out _));

        var version1 = (byte[])rtp.Clone();
        version1[0] = 0x40;
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(version1, RtpLength(rtp), out _));
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtcp(version1, RtpLength(rtp), out _));
        var csrcsPastTheEnd = (byte[])rtp.Clone();
        csrcsPastTheEnd[0] = 0x8F;
        Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(csrcsPastTheEnd, 40, out _));

        Assert.Equal(SrtpStatus.TooShort, receiver.UnprotectRtp(new byte[12 + receiver.RtpOverhead - 1], 12 + receiver.RtpOverhead - 1, out _));
        Assert.Equal(SrtpStatus.TooShort, receiver.UnprotectRtcp(new byte[8 + receiver.RtcpOverhead - 1], 8 + receiver.RtcpOverhead - 1, out _));
        Assert.Equal(SrtpStatus.TooLong, receiver.UnprotectRtp(new byte[70000], 70000, out _));
        Assert.Equal(SrtpStatus.TooLong, sender.ProtectRtp(BuildRtp(1, 1, new byte[65530]), 65542, out _));

        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ProtectRtp(rtp, rtp.Length + 1, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => receiver.UnprotectRtp(rtp, -1, out _));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ForgetReplayHistory_AcceptsTheSameRunAgain(SrtpProfile profile)
    {
        // The benchmarks' hook: after forgetting, the stream restarts at the next packet with ROC 0.
        using var sender = new SrtpSender(Loopback(profile));
        using var receiver = new SrtpReceiver(Loopback(profile));
        var srtp = ProtectRtp(sender, BuildRtp(1, 9, Payload));
        var srtcp = ProtectRtcp(sender, BuildRtcp(1, Payload));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, srtp).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, srtcp).Status);
        receiver.ForgetReplayHistory();
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, srtp).Status);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtcp(receiver, srtcp).Status);
        Assert.Equal(SrtpStatus.Replayed, UnprotectRtp(receiver, srtp).Status);
    }

    [Fact]
    public void UseAfterDispose_Throws()
    {
        var sender = new SrtpSender(Loopback(SrtpProfile.AeadAes128Gcm));
        sender.Dispose();
        sender.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sender.ProtectRtp(new byte[64], 20, out _));
    }
}
