using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Forwarding;

/// <summary>
/// Retransmission as a hostile subscriber sees it (issue 12 items 1 and 7): one NACK cannot make the SFU send far more
/// than the stream, a packet is resent at most once per round trip, and a subscriber without RTX gets the very bytes it
/// was first sent (AES-GCM must never protect different bytes under the same SSRC and sequence number).
/// </summary>
public sealed class ForwardedTrackRetransmitterTests
{
    /// <summary>A NACK with <paramref name="entries"/> entries, each asking for 17 packets (PID and BLP 0xFFFF), cycling over the last 512 sequence numbers.</summary>
    internal static byte[] HostileNack(uint mediaSsrc, ushort last, int entries)
    {
        var nack = new byte[12 + (4 * entries)];
        nack[0] = 0x81; // V=2, FMT=1 (generic NACK)
        nack[1] = 205; // RTPFB
        BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(2), (ushort)((nack.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(8), mediaSsrc);
        for (var i = 0; i < entries; i++)
        {
            var pid = (ushort)(last - 17 - (17 * (i % 29)));
            BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(12 + (4 * i)), pid);
            BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(14 + (4 * i)), 0xFFFF);
        }

        return nack;
    }

    private static byte[] Nack(uint mediaSsrc, params ushort[] lost)
    {
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, 1, mediaSsrc, lost, out var written));
        return buffer[..written];
    }

    [Fact]
    public void OneHostileNack_ThroughARealSubscriberTransport_ResendsABoundedNumberOfPackets()
    {
        using var rig = new ForwardingRig(subscribers: 1);
        for (var i = 0; i < 600; i++)
        {
            rig.ForwardOne();
        }

        var track = rig.Track.Subscribers[0];
        var sentBefore = rig.Socket.Sent;
        var bytesBefore = rig.Socket.Bytes;
        rig.SendRtcpFromSubscriber(0, HostileNack(track.Ssrc, track.Sequencer.LastSequence, entries: 500));

        // 500 entries × 17 = 8,500 sequence numbers asked for; at most one NACK's cap of them (128) may be considered,
        // and the subscriber's burst allowance bounds what goes out.
        var resent = rig.Socket.Sent - sentBefore;
        Assert.InRange(resent, 1, 128);
        Assert.InRange(rig.Socket.Bytes - bytesBefore, 1, 128 * 1100);
        Assert.True(track.NackResponder.Refused > 0);
    }

    [Fact]
    public void TheSameNack_WithinARoundTrip_IsNotAnsweredTwice_ButIsAfterIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new ForwardingRig(subscribers: 1, time: time);
        for (var i = 0; i < 50; i++)
        {
            rig.ForwardOne();
        }

        var track = rig.Track.Subscribers[0];
        var lost = (ushort)(track.Sequencer.LastSequence - 3);
        var sent = rig.Socket.Sent;
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        Assert.Equal(sent + 1, rig.Socket.Sent);

        time.Advance(TimeSpan.FromMilliseconds(20));
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        Assert.Equal(sent + 1, rig.Socket.Sent);

        time.Advance(TimeSpan.FromMilliseconds(500)); // Past the (default, no report yet) round trip: the loss may be real again.
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        Assert.Equal(sent + 2, rig.Socket.Sent);
    }

    [Fact]
    public void TheResendInterval_IsTheRoundTripMeasuredFromTheSubscribersReceiverReports()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new ForwardingRig(subscribers: 1, time: time);
        for (var i = 0; i < 50; i++)
        {
            rig.ForwardOne();
        }

        rig.SendSenderReportFromPublisher();
        var track = rig.Track.Subscribers[0];
        var subscriber = track.Subscriber;
        subscriber.Tick(time.GetTimestamp()); // Our sender report for the track goes out.
        Assert.NotEqual(0u, track.LastSenderReportCompact);

        // 60 ms later the subscriber echoes it, having held it 10 ms: a 50 ms round trip. An echo of anything else is ignored.
        time.Advance(TimeSpan.FromMilliseconds(60));
        rig.SendRtcpFromSubscriber(0, Report(track.Ssrc, track.LastSenderReportCompact + 1, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, subscriber.RoundTripTime);
        rig.SendRtcpFromSubscriber(0, Report(track.Ssrc, track.LastSenderReportCompact, TimeSpan.FromMilliseconds(10)));
        Assert.InRange(subscriber.RoundTripTime.TotalMilliseconds, 49, 51);

        var lost = (ushort)(track.Sequencer.LastSequence - 3);
        var sent = rig.Socket.Sent;
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        time.Advance(TimeSpan.FromMilliseconds(30));
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        Assert.Equal(sent + 1, rig.Socket.Sent);
        time.Advance(TimeSpan.FromMilliseconds(30)); // 60 ms: past the measured round trip (the default would be 100 ms).
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));
        Assert.Equal(sent + 2, rig.Socket.Sent);

        static byte[] Report(uint ssrc, uint lastSenderReport, TimeSpan delay)
        {
            var buffer = new byte[64];
            ReportBlock[] blocks = [new(ssrc, 0, 0, 0, 0, lastSenderReport, NtpTime.ToCompactDuration(delay))];
            Assert.True(ReceiverReport.TryWrite(buffer, 1, blocks, out var written));
            return buffer[..written];
        }
    }

    [Fact]
    public void WithoutRtx_OnAesGcm_TheResentDatagramIsByteIdenticalToTheOriginal()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var track = rig.AddSubscriber(rtx: false);
        Assert.Equal(Rtc.Srtp.SrtpProfile.AeadAes128Gcm, track.Subscriber.Transport.SrtpProfile);
        rig.Socket.Record = true;
        for (var i = 0; i < 50; i++)
        {
            rig.ForwardOne();
        }

        var lost = (ushort)(track.Sequencer.LastSequence - 5);
        var original = Assert.Single(rig.Socket.Datagrams, d => Is(d, track.Ssrc, lost));
        rig.Socket.Datagrams.Clear();
        rig.SendRtcpFromSubscriber(0, Nack(track.Ssrc, lost));

        var resent = Assert.Single(rig.Socket.Datagrams);
        Assert.True(Is(resent, track.Ssrc, lost));
        Assert.Equal(original, resent);

        static bool Is(byte[] datagram, uint ssrc, ushort sequence) =>
            datagram.Length > 12 && (datagram[1] & 0x7F) is not (>= 72 and <= 79)
            && BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8)) == ssrc
            && BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)) == sequence;
    }
}
