using System.Buffers.Binary;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;

namespace OpenLive.Rtc.Tests.Rtcp;

/// <summary>
/// The feedback senders both endpoints compose (<see cref="NackSender"/>, <see cref="TransportCcFeedbackSender"/>):
/// on their schedule, through the endpoint's <see cref="IRtcpFeedbackChannel"/>, whatever the endpoint puts first.
/// </summary>
public sealed class FeedbackSenderTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(10);

    /// <summary>A channel that puts <paramref name="leading"/> bytes first (as the client's leading report) and keeps what was sent.</summary>
    private sealed class RecordingChannel(int leading = 0, int room = 1200) : IRtcpFeedbackChannel
    {
        private readonly byte[] _buffer = new byte[1500];

        public List<byte[]> Sent { get; } = [];

        public Span<byte> BeginFeedback()
        {
            _buffer.AsSpan(0, leading).Fill(0xEE);
            return _buffer.AsSpan(leading, room - leading);
        }

        public bool SendFeedback(int length)
        {
            Assert.All(_buffer.AsSpan(0, leading).ToArray(), b => Assert.Equal(0xEE, b)); // The prefix is left alone.
            Sent.Add(_buffer.AsSpan(leading, length).ToArray());
            return true;
        }
    }

    private static RtcpPacket Single(byte[] rtcp)
    {
        var reader = new RtcpReader(rtcp);
        Assert.True(reader.TryRead(out var packet));
        return packet;
    }

    [Fact]
    public void Nacks_GoOutOnTheirSchedule_ForWhatIsMissing_AfterTheEndpointsPrefix()
    {
        var tracker = new NackTracker();
        var sender = new NackSender();
        var channel = new RecordingChannel(leading: 8);
        tracker.Record(100, Start);
        tracker.Record(103, Start); // 101 and 102 missing.

        Assert.True(sender.IsDue(Start));
        Assert.True(sender.TrySend(tracker, 0x1111, 0x2222, Start, channel));
        Assert.False(sender.IsDue(Start + TimeSpan.FromMilliseconds(5))); // Not again within the interval.
        Assert.True(sender.IsDue(Start + NackSender.Interval));

        var sent = Assert.Single(channel.Sent);
        Assert.True(GenericNack.TryParse(Single(sent), out var nack));
        Assert.Equal((0x1111u, 0x2222u), (nack.SenderSsrc, nack.MediaSsrc));
        var lost = new List<ushort>();
        foreach (var sequence in nack)
        {
            lost.Add(sequence);
        }

        Assert.Equal([(ushort)101, (ushort)102], lost);
        Assert.Equal(1, sender.NacksSent);
    }

    [Fact]
    public void ATrackerMissingNothing_SendsNothing()
    {
        var tracker = new NackTracker();
        tracker.Record(1, Start);
        tracker.Record(2, Start);
        var channel = new RecordingChannel();
        var sender = new NackSender();

        Assert.False(sender.TrySend(tracker, 1, 2, Start, channel));
        Assert.Empty(channel.Sent);
        Assert.Equal(0, sender.NacksSent);
    }

    [Fact]
    public void TransportFeedback_ReportsThePacketsRecorded_OnceAnInterval()
    {
        const int ExtensionId = 3;
        var sender = new TransportCcFeedbackSender(0xAAAA);
        var channel = new RecordingChannel(leading: 8);
        var packet = new byte[200];
        for (var i = 0; i < 20; i++)
        {
            var writer = new RtpPacketWriter(packet, 96, (ushort)i, 0, 0xBBBB, marker: false);
            Assert.True(writer.TryAddExtension(ExtensionId, TransportWideSequence.Length, out var value));
            TransportWideSequence.Write(value, (ushort)(500 + i));
            Assert.True(writer.TryFinish(new byte[50], 0, out var length));
            Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out var header));
            sender.OnPacket(packet.AsSpan(0, length), header, ExtensionId, Start + TimeSpan.FromMilliseconds(i));
            sender.OnPacket(packet.AsSpan(0, length), header, extensionId: 0, Start); // Not negotiated: nothing recorded.
        }

        sender.Tick(Start + TimeSpan.FromMilliseconds(20), 0xBBBB, channel);
        var packets = TransportCcTests.Read(Assert.Single(channel.Sent), out var feedback);
        Assert.Equal((ushort)500, feedback.BaseSequenceNumber);
        Assert.Equal(0xAAAAu, feedback.SenderSsrc);
        Assert.Equal(20, packets.Count);
        Assert.All(packets, p => Assert.True(p.Received));

        // Nothing new, and not yet due: nothing more.
        sender.Tick(Start + TimeSpan.FromMilliseconds(30), 0xBBBB, channel);
        sender.Tick(Start + TimeSpan.FromMilliseconds(20) + sender.Interval, 0xBBBB, channel);
        Assert.Single(channel.Sent);
        Assert.Equal(TransportCcFeedbackSender.DefaultInterval, sender.Interval);
    }

    [Fact]
    public void TransportFeedback_IsBoundedPerRound_WhenMuchIsPending()
    {
        // Feedback of at most 100 bytes covers few packets: a round sends at most MaxPacketsPerRound of them, the rest waits.
        var sender = new TransportCcFeedbackSender(1, TimeSpan.FromMilliseconds(100));
        var channel = new RecordingChannel(room: 100);
        var packet = new byte[200];
        for (var i = 0; i < 2000; i += 2) // Every other one lost, arrivals far apart: no run-length chunk covers much.
        {
            var writer = new RtpPacketWriter(packet, 96, (ushort)i, 0, 2, marker: false);
            Assert.True(writer.TryAddExtension(1, TransportWideSequence.Length, out var value));
            BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)i);
            Assert.True(writer.TryFinish([1], 0, out var length));
            Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out var header));
            sender.OnPacket(packet.AsSpan(0, length), header, 1, Start + TimeSpan.FromMilliseconds(i * 7));
        }

        sender.Tick(Start + TimeSpan.FromSeconds(20), 2, channel);
        Assert.Equal(TransportCcFeedbackSender.MaxPacketsPerRound, channel.Sent.Count);
        sender.Tick(Start + TimeSpan.FromSeconds(20) + TimeSpan.FromMilliseconds(100), 2, channel);
        Assert.Equal(2 * TransportCcFeedbackSender.MaxPacketsPerRound, channel.Sent.Count);
    }
}
