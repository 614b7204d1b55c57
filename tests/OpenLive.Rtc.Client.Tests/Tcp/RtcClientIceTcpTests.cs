using System.Diagnostics;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Transport;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Client.Tests.Tcp;

/// <summary>
/// Active ICE-TCP (RFC 6544) in our client against the real SFU's passive TCP media port (issue 13): a client allowed
/// only TCP publishes and plays over it, answers the SFU's NACKs over it, fails clearly when the server has no TCP
/// port, and fails when its TCP connection breaks.
/// </summary>
public sealed class RtcClientIceTcpTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private static RtcClientOptions TcpOnly(TimeSpan? connectTimeout = null) =>
        new() { IceTransports = RtcIceTransports.Tcp, IceConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(15) };

    private static async Task WaitForAsync(Func<bool> condition, Func<string> lastSeen)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Limit, $"not within {Limit}: {lastSeen()}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void TcpOnly_OffersOneActiveTcpCandidateOnPort9_AndNoUdpOne()
    {
        using var client = new RtcClientConnection(TcpOnly());
        client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        Assert.True(SessionDescription.TryParse(client.CreateOffer(), out var offer, out var error), error);
        var section = offer.Media[0];
        var candidate = Assert.Single(section.Candidates);
        Assert.True(candidate.IsTcp);
        Assert.Equal(IceTcpType.Active, candidate.TcpType);
        Assert.Equal(9, candidate.Port);
        Assert.Equal(9, section.Port);
    }

    [Fact]
    public async Task TcpOnly_PublishesAndPlays_ThroughTheRealSfu_MediaAndFeedbackOverTcp()
    {
        using var sfu = new SfuRig();
        using var publisher = new RtcClientConnection(TcpOnly());
        using var viewer = new RtcClientConnection(TcpOnly());
        var token = TestContext.Current.CancellationToken;
        var camera = publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(sfu.Publish(publisher.CreateOffer()));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);

        var keyframeRequests = 0;
        publisher.KeyframeRequested += (_, _) => Interlocked.Increment(ref keyframeRequests);
        var frames = 0;
        viewer.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        {
            if (header.Marker)
            {
                Interlocked.Increment(ref frames);
            }
        };
        var screen = viewer.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        viewer.SetRemoteAnswer(sfu.Play(viewer.CreateOffer()));
        await viewer.ConnectedAsync(token).WaitAsync(Limit, token);

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(token);
        var source = new SyntheticVideoSource(30, 300_000).RunAsync(publisher, camera, sending.Token);
        try
        {
            await WaitForAsync(() => Volatile.Read(ref frames) >= 30, () => $"{frames} frames played");

            // Feedback the other way: the viewer's keyframe request reaches the publisher through the SFU, over TCP both hops.
            var before = Volatile.Read(ref keyframeRequests);
            Assert.True(viewer.RequestKeyframe(screen));
            await WaitForAsync(() => Volatile.Read(ref keyframeRequests) > before, () => $"{keyframeRequests} keyframe requests");
        }
        finally
        {
            await sending.CancelAsync();
            await source;
        }

        Assert.Equal(sfu.Engine.TcpEndPoint, publisher.RemoteEndPoint);
        Assert.Equal(sfu.Engine.TcpEndPoint, viewer.RemoteEndPoint);
        Assert.Equal(2, sfu.Engine.TcpConnectionCount);
        Assert.Equal(0, publisher.DatagramsReceived);
        Assert.Equal(0, viewer.DatagramsReceived);
        Assert.Equal(0, viewer.SrtpRejected);
    }

    [Fact]
    public async Task TcpOnly_ALostFrame_IsNackedByTheSfu_AndResentOverTcp()
    {
        using var sfu = new SfuRig();
        var mediaFrames = 0;

        // Loses the 40th RTP packet the publisher sends (SRTP: version 2 and not an RTCP packet type).
        using var relay = new TcpFrameRelay(sfu.Engine.TcpEndPoint!, frame =>
            PacketClassifier.Classify(frame) == PacketKind.RtpOrRtcp && !PacketClassifier.IsRtcp(frame) && Interlocked.Increment(ref mediaFrames) == 40);
        using var publisher = new RtcClientConnection(TcpOnly());
        var token = TestContext.Current.CancellationToken;
        var camera = publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(relay.Redirect(sfu.Publish(publisher.CreateOffer())));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);
        Assert.Equal(relay.LocalEndPoint, publisher.RemoteEndPoint);

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(token);
        var source = new SyntheticVideoSource(30, 300_000).RunAsync(publisher, camera, sending.Token);
        try
        {
            await WaitForAsync(() => relay.Dropped == 1 && camera.GetSendStatistics().RetransmissionsSent >= 1,
                () => $"{relay.Dropped} dropped, {camera.GetSendStatistics().RetransmissionsSent} resent");
        }
        finally
        {
            await sending.CancelAsync();
            await source;
        }
    }

    [Fact]
    public async Task TcpOnly_TheServersTcpPortDisabled_FailsAtOnce_SayingSo()
    {
        using var sfu = new SfuRig(o => o.TcpEnabled = false);
        var failure = await TcpOnlyFailureAsync(sfu, answer => answer);
        Assert.Contains("announced no passive TCP candidate", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpOnly_ThePassivePortRefuses_FailsAtOnce_SayingSo()
    {
        using var sfu = new SfuRig();

        // A port bound but not listening refuses every connect (RST) for as long as this socket holds it, so nothing
        // else can take it meanwhile (a port closed and left free could be).
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        bound.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var refusing = (System.Net.IPEndPoint)bound.LocalEndPoint!;
        var target = sfu.Engine.TcpEndPoint!;
        var failure = await TcpOnlyFailureAsync(sfu, answer => answer.Replace(
            $" {target.Address} {target.Port} typ host tcptype passive", $" {refusing.Address} {refusing.Port} typ host tcptype passive", StringComparison.Ordinal));
        Assert.Contains("could be opened", failure, StringComparison.Ordinal);
    }

    /// <summary>
    /// Publishes TCP-only with the SFU's answer rewritten by <paramref name="rewrite"/> and returns why it failed. The
    /// connect timeout is far longer than the wait, so a failure within the wait is the client seeing the cause, not
    /// its timeout running out.
    /// </summary>
    private static async Task<string> TcpOnlyFailureAsync(SfuRig sfu, Func<string, string> rewrite)
    {
        using var publisher = new RtcClientConnection(TcpOnly(TimeSpan.FromMinutes(5)));
        publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(rewrite(sfu.Publish(publisher.CreateOffer())));

        var failure = await Assert.ThrowsAsync<RtcConnectionException>(() => publisher.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken));
        Assert.Equal(RtcConnectionState.Failed, publisher.State);
        Assert.Contains("ICE-TCP", failure.Message, StringComparison.Ordinal);
        return failure.Message;
    }

    [Fact]
    public async Task TcpOnly_TheConnectionBreaks_TheClientFails()
    {
        using var sfu = new SfuRig();
        using var relay = new TcpFrameRelay(sfu.Engine.TcpEndPoint!);
        using var publisher = new RtcClientConnection(TcpOnly());
        var token = TestContext.Current.CancellationToken;
        publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(relay.Redirect(sfu.Publish(publisher.CreateOffer())));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);
        var closed = new TaskCompletionSource<RtcClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        publisher.Closed += (_, e) => closed.TrySetResult(e);

        relay.Break();

        var end = await closed.Task.WaitAsync(Limit, token);
        Assert.Equal(RtcConnectionState.Failed, end.State);
        Assert.Contains("TCP", end.Reason, StringComparison.Ordinal);
        Assert.Equal(RtcConnectionState.Failed, publisher.State);
    }

    [Fact]
    public async Task TcpSendPath_FramingAndSend_AllocatesNothing()
    {
        using var sfu = new SfuRig();
        using var publisher = new RtcClientConnection(TcpOnly());
        var token = TestContext.Current.CancellationToken;
        var video = publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var audio = publisher.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(sfu.Publish(publisher.CreateOffer()));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);
        var payload = new byte[1200];
        uint timestamp = 0;

        void SendSome()
        {
            for (var i = 0; i < 10; i++)
            {
                publisher.SendRtp(video, 96, i == 9, timestamp, payload);
                publisher.SendRtp(audio, 111, false, timestamp, payload.AsSpan(0, 80), audioLevel: 40, voiceActivity: true);
                timestamp += 960;
            }
        }

        for (var i = 0; i < 20; i++)
        {
            SendSome();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(SendSome, iterations: 100));
        Assert.True(video.GetSendStatistics().PacketsSent >= 1200);
    }

    [Fact]
    public async Task TcpReceivePath_ReadDemuxUnprotectAndCallback_AllocatesNothing()
    {
        using var sfu = new SfuRig();
        using var publisher = new RtcClientConnection(TcpOnly());
        using var viewer = new RtcClientConnection(TcpOnly());
        var token = TestContext.Current.CancellationToken;
        var video = publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        publisher.SetRemoteAnswer(sfu.Publish(publisher.CreateOffer()));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);

        // Measured on the viewer's ICE-TCP reader thread, between one delivered packet and a later one: the socket read,
        // the frame reader, demultiplexing, SRTP, routing, loss tracking and statistics.
        const int Warmup = 300;
        const int Measured = 1000;
        var allocated = new long[Warmup + Measured];
        var delivered = 0;
        viewer.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        {
            var index = delivered;
            if (index < allocated.Length)
            {
                allocated[index] = GC.GetAllocatedBytesForCurrentThread();
            }

            Volatile.Write(ref delivered, index + 1);
        };
        viewer.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        viewer.SetRemoteAnswer(sfu.Play(viewer.CreateOffer()));
        await viewer.ConnectedAsync(token).WaitAsync(Limit, token);

        // One frame at a time, the next once the last was delivered — or once the SFU asked for a keyframe: a frame
        // the SFU took before the viewer's subscription was ready is not forwarded (a viewer starts at a keyframe), and
        // the SFU's keyframe request is the publisher's cue, as for a real one (the source's next frame is a keyframe).
        var frames = new SyntheticVideoSource(30, 300_000);
        var keyframeRequests = 0;
        publisher.KeyframeRequested += (_, _) =>
        {
            frames.RequestKeyframe();
            Interlocked.Increment(ref keyframeRequests);
        };
        while (Volatile.Read(ref delivered) < allocated.Length)
        {
            var before = Volatile.Read(ref delivered);
            var asked = Volatile.Read(ref keyframeRequests);
            frames.SendFrame(publisher, video);
            await WaitForAsync(() => Volatile.Read(ref delivered) > before || Volatile.Read(ref keyframeRequests) > asked,
                () => $"{delivered} packets delivered, {keyframeRequests} keyframe requests");
        }

        Assert.Equal(0, AllocationMeter.LeastGrowth(allocated.AsSpan(Warmup)));
        Assert.Equal(0, viewer.SrtpRejected);
    }

    [Fact]
    public async Task Both_WithUdpWorking_SelectsUdp()
    {
        using var sfu = new SfuRig();
        using var publisher = new RtcClientConnection(new RtcClientOptions { IceTransports = RtcIceTransports.Both });
        var token = TestContext.Current.CancellationToken;
        publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var offer = publisher.CreateOffer();
        Assert.Contains(" udp ", offer, StringComparison.Ordinal);
        Assert.Contains("tcptype active", offer, StringComparison.Ordinal);
        publisher.SetRemoteAnswer(sfu.Publish(offer));
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);

        Assert.Equal(sfu.Engine.LocalEndPoint, publisher.RemoteEndPoint);
    }

    [Fact]
    public async Task Both_WithTheUdpCandidateUnreachable_FallsBackToTcp()
    {
        using var sfu = new SfuRig();
        using var publisher = new RtcClientConnection(new RtcClientOptions { IceTransports = RtcIceTransports.Both });
        var token = TestContext.Current.CancellationToken;
        publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var answer = sfu.Publish(publisher.CreateOffer());

        // The SFU's UDP candidate, pointed at a port where nothing answers: as if UDP were blocked on the way.
        using var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        dead.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var udp = sfu.Engine.LocalEndPoint;
        answer = answer.Replace($" {udp.Address} {udp.Port} typ host", $" {udp.Address} {((System.Net.IPEndPoint)dead.LocalEndPoint!).Port} typ host", StringComparison.Ordinal);
        publisher.SetRemoteAnswer(answer);
        await publisher.ConnectedAsync(token).WaitAsync(Limit, token);

        Assert.Equal(sfu.Engine.TcpEndPoint, publisher.RemoteEndPoint);
    }
}
