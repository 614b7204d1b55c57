using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>One encoded stream as RTP: ffmpeg's packets (its packetizer for VP8, H.264 and Opus) in send order.</summary>
internal sealed record EncodedRtp(List<byte[]> Packets, int ClockRate);

/// <summary>
/// A publisher with decodable media through the real SFU: ffmpeg encodes test sources (a moving test picture, a sine
/// tone) and packetizes them as RTP to local sockets; the repository's client peer then sends those payloads, with
/// their timestamps and markers, on its negotiated transceivers paced by their RTP time — so what the SFU forwards
/// and taps is real VP8/H.264 and Opus a decoder plays.
/// </summary>
internal sealed class RecordingPublisher : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly RtcClientConnection _peer = new();
    private readonly RtcTransceiver _video;
    private readonly RtcTransceiver _audio;
    private CancellationTokenSource? _stop;
    private Task _sending = Task.CompletedTask;

    private RecordingPublisher(RtcVideoCodec codec)
    {
        _audio = _peer.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        _video = _peer.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly, new RtcTransceiverOptions { VideoCodecs = [codec] });
    }

    /// <summary>Video frames sent (markers).</summary>
    public int VideoFramesSent { get; private set; }

    /// <summary>Audio packets sent.</summary>
    public int AudioPacketsSent { get; private set; }

    /// <summary>How long the media ran, from the first packet to the last.</summary>
    public TimeSpan Sent { get; private set; }

    /// <summary>Publishes in <paramref name="room"/> as <paramref name="memberId"/> and waits for the connection.</summary>
    public static async Task<RecordingPublisher> ConnectAsync(MediaRoom room, string memberId, RtcVideoCodec codec)
    {
        var publisher = new RecordingPublisher(codec);
        var published = room.Publish(memberId, publisher._peer.CreateOffer(), new Dictionary<string, TrackSource>());
        publisher._peer.SetRemoteAnswer(published.Value ?? throw new InvalidOperationException($"publish refused: {published.Error}"));
        using var timeout = new CancellationTokenSource(Deadline);
        await publisher._peer.ConnectedAsync(timeout.Token);
        return publisher;
    }

    /// <summary>Starts sending the streams (paced by their RTP time) in the background.</summary>
    public void Start(EncodedRtp video, EncodedRtp audio)
    {
        _stop = new CancellationTokenSource();
        _sending = Task.Run(() => SendAsync(video, audio, _stop.Token));
    }

    /// <summary>Waits until everything was sent.</summary>
    public Task Completion => _sending;

    public void Dispose()
    {
        _stop?.Cancel();
        try
        {
            _sending.Wait(Deadline);
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            // Stopped.
        }

        _stop?.Dispose();
        _peer.Dispose();
    }

    /// <summary>Encodes with ffmpeg (<c>{0}</c>, <c>{1}</c> in <paramref name="arguments"/> are the RTP outputs) and returns each stream's packets.</summary>
    public static async Task<EncodedRtp[]> EncodeAsync(string arguments, params int[] clockRates)
    {
        var sockets = new Socket[clockRates.Length];
        var urls = new object[clockRates.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 * 1024 * 1024 };
            // RTCP goes to port + 1 unless told otherwise; it is not needed here.
            sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            urls[i] = $"rtp://127.0.0.1:{((IPEndPoint)sockets[i].LocalEndPoint!).Port}?pkt_size=1100&rtcpport={((IPEndPoint)sockets[i].LocalEndPoint!).Port}";
        }

        var packets = sockets.Select(_ => new List<byte[]>()).ToArray();
        using var done = new CancellationTokenSource();
        var receivers = sockets.Select((socket, i) => Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (true)
            {
                int length;
                try
                {
                    length = await socket.ReceiveAsync(buffer, done.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                // ffmpeg's RTCP (packet types 200-204) shares the port: keep the RTP.
                if (length >= 12 && buffer[1] is not (>= 200 and <= 204))
                {
                    packets[i].Add(buffer[..length]);
                }
            }
        })).ToArray();

        var start = new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error -nostdin " + string.Format(System.Globalization.CultureInfo.InvariantCulture, arguments, urls))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using (var process = Process.Start(start)!)
        {
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await error}");
        }

        // ffmpeg has exited: what it sent is in the sockets' buffers; wait until every stream has stopped growing.
        var counts = packets.Select(p => -1).ToArray();
        while (!packets.Select((p, i) => Volatile.Read(ref counts[i]) == p.Count).All(x => x))
        {
            for (var i = 0; i < packets.Length; i++)
            {
                counts[i] = packets[i].Count;
            }

            await Task.Delay(100);
        }

        await done.CancelAsync();
        await Task.WhenAll(receivers);
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        foreach (var stream in packets)
        {
            // Loopback under a 4 MB receive buffer loses nothing at ffmpeg's rate; a gap would make the proof unsound.
            for (var i = 1; i < stream.Count; i++)
            {
                Assert.Equal((ushort)(Sequence(stream[i - 1]) + 1), Sequence(stream[i]));
            }
        }

        return [.. packets.Select((p, i) => new EncodedRtp(p, clockRates[i]))];
    }

    private async Task SendAsync(EncodedRtp video, EncodedRtp audio, CancellationToken cancel)
    {
        // Both streams start at media time 0 (lavfi sources): each packet goes out at its RTP time after its stream's first.
        var schedule = Schedule(video, _video).Concat(Schedule(audio, _audio)).OrderBy(p => p.Due).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var (due, transceiver, packet) in schedule)
        {
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancel);
            }

            Assert.True(RtpHeader.TryParse(packet, out var header));
            var payload = header.GetPayload(packet);
            var sent = _peer.SendRtp(transceiver, transceiver.PayloadType, header.Marker, header.Timestamp, payload);
            Assert.True(sent, "the client peer did not send a packet");
            if (transceiver == _video && header.Marker)
            {
                VideoFramesSent++;
            }
            else if (transceiver == _audio)
            {
                AudioPacketsSent++;
            }
        }

        Sent = schedule[^1].Due - schedule[0].Due;
    }

    private static IEnumerable<(TimeSpan Due, RtcTransceiver Transceiver, byte[] Packet)> Schedule(EncodedRtp stream, RtcTransceiver transceiver)
    {
        var first = RtpTimestamp(stream.Packets[0]);
        return stream.Packets.Select(p => (TimeSpan.FromSeconds((double)(uint)(RtpTimestamp(p) - first) / stream.ClockRate), transceiver, p));
    }

    private static ushort Sequence(byte[] packet) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));

    private static uint RtpTimestamp(byte[] packet) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));
}
