using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>The per-packet paths allocate nothing once streams are running.</summary>
public sealed class RtcClientAllocationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task SendPath_HeaderWriteProtectAndSend_AllocatesNothing()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        var video = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var audio = alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        await ClientTestSupport.ConnectAsync(alice, bob);
        var payload = new byte[1200];
        var frames = new SyntheticVideoSource(30, 1_000_000);
        var voice = new SyntheticAudioSource();
        uint timestamp = 0;

        void SendSome()
        {
            for (var i = 0; i < 10; i++)
            {
                alice.SendRtp(video, 96, i == 9, timestamp, payload);
                alice.SendRtp(audio, 111, false, timestamp, payload.AsSpan(0, 80), audioLevel: 40, voiceActivity: true);
                timestamp += 960;
            }

            frames.SendFrame(alice, video);
            voice.SendPacket(alice, audio);
        }

        for (var i = 0; i < 20; i++)
        {
            SendSome();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(SendSome, iterations: 100));
        Assert.True(video.GetSendStatistics().PacketsSent > 1000);
    }

    [Fact]
    public async Task ReceivePath_DemuxUnprotectRouteAndCallback_AllocatesNothing()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        var video = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var audio = alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);

        // Measured on Bob's receive thread: allocation between one delivered packet and the next covers the socket
        // receive, demultiplexing, SRTP, routing, loss tracking and statistics — and whatever periodic work ran between.
        const int Warmup = 300;
        const int Measured = 1000;
        var allocated = new long[Warmup + Measured];
        var delivered = 0;
        bob.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        {
            var index = delivered;
            if (index < allocated.Length)
            {
                allocated[index] = GC.GetAllocatedBytesForCurrentThread();
            }

            Volatile.Write(ref delivered, index + 1);
        };
        await ClientTestSupport.ConnectAsync(alice, bob);

        var payload = new byte[1000];
        uint timestamp = 0;
        for (var burst = 0; burst < (Warmup + Measured) / 50; burst++)
        {
            var target = (burst + 1) * 50;
            for (var i = 0; i < 25; i++)
            {
                alice.SendRtp(video, 96, i == 24, timestamp, payload);
                alice.SendRtp(audio, 111, false, timestamp, payload.AsSpan(0, 100));
                timestamp += 960;
            }

            Assert.True(await ClientTestSupport.WaitUntilAsync(() => Volatile.Read(ref delivered) >= target, Limit));
        }

        Assert.Equal(0, AllocationMeter.LeastGrowth(allocated.AsSpan(Warmup)));
        Assert.Equal(0, bob.SrtpRejected);
    }
}
