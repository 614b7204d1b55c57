using OpenLive.Egress.Recording;
using OpenLive.Egress.Tests.Depacketizing;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Recording;

/// <summary>The producer side of a recording, on the SFU's media thread: tap events into the ring.</summary>
public sealed class RecordingTrackFeedTests
{
    [Fact]
    public void TapEvents_IntoTheRing_AllocateNothing()
    {
        var feed = new RecordingTrackFeed(64, 1500, TimeProvider.System);
        var packet = TestRtp.Packet(1, 3000, true, new byte[1100]);
        var drain = new Discard();
        void Events()
        {
            feed.OnTrackAttached("VP8", 90_000, 0, "max-fs=12288;max-fr=60");
            for (var i = 0; i < 20; i++)
            {
                feed.OnRtp(packet);
            }

            feed.OnSenderReport(0xEA00_0000_8000_0000, 123_456);
            feed.OnTrackDetached();
            feed.Ring.Drain(drain);
        }

        var allocated = AllocationMeter.LeastAllocated(Events, iterations: 500);

        Assert.Equal(0, allocated);
        Assert.Equal(0, feed.DroppedPackets);
    }

    [Fact]
    public void AFullRing_DropsRtp_ButKeepsRoomForTheTracksEnd()
    {
        var feed = new RecordingTrackFeed(16, 1500, TimeProvider.System);
        var packet = TestRtp.Packet(1, 3000, true, new byte[100]);
        feed.OnTrackAttached("opus", 48_000, 2, null);
        for (var i = 0; i < 40; i++)
        {
            feed.OnRtp(packet);
        }

        feed.OnTrackDetached();
        feed.OnClosed();

        Assert.Equal(40 - (16 - RecordingTrackFeed.ControlReserve - 1), feed.DroppedPackets);
        Assert.Equal(0, feed.LostControlRecords);
        var kinds = new Kinds();
        feed.Ring.Drain(kinds);
        Assert.Equal(TapRecordKind.Attached, kinds.Seen[0]);
        Assert.Equal([TapRecordKind.Detached, TapRecordKind.Closed], kinds.Seen[^2..]);
    }

    [Fact]
    public void ALongFmtp_IsCutToTheSlot_SoTheAttachIsNeverLost()
    {
        var feed = new RecordingTrackFeed(16, 64, TimeProvider.System);
        feed.OnTrackAttached("H264", 90_000, 0, "profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1;" + new string('x', 150));

        Assert.Equal(0, feed.LostControlRecords);
        Assert.Equal(1, feed.Ring.Count);
    }

    [Theory]
    [InlineData("vp8", true)]
    [InlineData("H264", true)]
    [InlineData("OPUS", true)]
    [InlineData("AV1", true)]
    [InlineData("VP9", true)]
    [InlineData("H265", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void CodecNames_AreReadAsSdpSpellsThem(string? name, bool recordable) =>
        Assert.Equal(recordable, RecordingTrackFeed.TryParseCodec(name, out _));

    private sealed class Discard : IPacketConsumer
    {
        public void OnPacket(ReadOnlySpan<byte> packet)
        {
        }
    }

    private sealed class Kinds : IPacketConsumer
    {
        public List<TapRecordKind> Seen { get; } = [];

        public void OnPacket(ReadOnlySpan<byte> packet) => Seen.Add((TapRecordKind)packet[0]);
    }
}
