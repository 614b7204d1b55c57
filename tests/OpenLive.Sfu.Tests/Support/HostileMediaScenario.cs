using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>
/// Hostile media traffic (issue 12, "hostile clients"): a real publisher → viewer flow through a real
/// <see cref="SfuEngine"/> on loopback — both ends the repository's own client peer (<see cref="RtcClientConnection"/>,
/// <see cref="SyntheticVideoSource"/>) — while many UDP sockets send random and malformed STUN-, DTLS-, RTP- and
/// RTCP-looking datagrams at the media port as fast as they can. Public SFU API only, so the benchmark harness
/// (benchmarks/OpenLive.HostileMedia) runs the same code for longer.
/// </summary>
public sealed class HostileMediaScenario : IAsyncDisposable
{
    private const string RoomKey = "hostile/room";

    private readonly SfuEngine _engine;
    private readonly MediaRoom _room;
    private readonly RtcClientConnection _publisher;
    private readonly RtcClientConnection _viewer;
    private readonly CancellationTokenSource _sending = new();
    private Task _camera = Task.CompletedTask;
    private long _frames;

    private HostileMediaScenario()
    {
        _engine = new SfuEngine(Options.Create(new SfuOptions { Port = 0 }), TimeProvider.System, NullLogger<SfuEngine>.Instance);
        _engine.Start();
        _room = _engine.GetOrCreateRoom(RoomKey, new NoRoomEvents());
        _publisher = new RtcClientConnection();
        _viewer = new RtcClientConnection();
    }

    /// <summary>The engine under attack.</summary>
    public SfuEngine Engine => _engine;

    /// <summary>Where the flood goes: the SFU's media port.</summary>
    public IPEndPoint MediaEndPoint => _engine.LocalEndPoint;

    /// <summary>Video frames the viewer received (RTP packets with the marker bit).</summary>
    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>The ICE ufrag of the viewer's transport on the SFU (in its SDP answer): hostile checks may name it.</summary>
    public string ViewerTransportUfrag { get; private set; } = "";

    /// <summary>Connects a publisher sending <paramref name="framesPerSecond"/> frames of video and a viewer playing it.</summary>
    public static async Task<HostileMediaScenario> StartAsync(int framesPerSecond, int bitrate, CancellationToken cancellationToken)
    {
        var scenario = new HostileMediaScenario();
        try
        {
            await scenario.ConnectAsync(framesPerSecond, bitrate, cancellationToken).ConfigureAwait(false);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ConnectAsync(int framesPerSecond, int bitrate, CancellationToken cancellationToken)
    {
        var everything = new MediaPermissions(MediaRights.All);
        _room.SetMember("publisher", everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        _room.SetMember("viewer", everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);

        var camera = _publisher.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var published = _room.Publish("publisher", _publisher.CreateOffer(), new Dictionary<string, TrackSource>());
        _publisher.SetRemoteAnswer(published.Value ?? throw new InvalidOperationException($"publish refused: {published.Error}"));
        await _publisher.ConnectedAsync(cancellationToken).ConfigureAwait(false);
        var source = new SyntheticVideoSource(framesPerSecond, bitrate);
        _camera = source.RunAsync(_publisher, camera, _sending.Token);

        _viewer.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        _viewer.RtpReceived += OnViewerRtp;
        var played = _room.Play("viewer", "publisher", _viewer.CreateOffer());
        var answer = played.Value ?? throw new InvalidOperationException($"play refused: {played.Error}");
        ViewerTransportUfrag = answer.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
        _viewer.SetRemoteAnswer(answer);
        await _viewer.ConnectedAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnViewerRtp(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet)
    {
        if (header.Marker)
        {
            Interlocked.Increment(ref _frames);
        }
    }

    /// <summary>Frames the viewer receives during <paramref name="window"/> (from now).</summary>
    public async Task<long> CountFramesAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var before = FramesReceived;
        await Task.Delay(window, cancellationToken).ConfigureAwait(false);
        return FramesReceived - before;
    }

    /// <summary>
    /// Floods the media port from <paramref name="sockets"/> source ports on <paramref name="threads"/> threads for
    /// <paramref name="duration"/>, round-robin over the sockets, each datagram one of: random bytes, a STUN Binding
    /// request naming the viewer's transport with a forged MESSAGE-INTEGRITY, a STUN message with garbage
    /// attributes, a DTLS-record-looking datagram, an RTP-looking and an RTCP-looking one.
    /// </summary>
    public async Task<FloodFigures> FloodAsync(TimeSpan duration, int sockets, int threads, CancellationToken cancellationToken)
    {
        var pool = HostileDatagrams.Make(ViewerTransportUfrag, count: 4096, seed: 12);
        var senders = new Socket[sockets];
        for (var i = 0; i < sockets; i++)
        {
            senders[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            senders[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        try
        {
            var target = MediaEndPoint.Serialize();
            var clock = Stopwatch.StartNew();
            var workers = new Task<(long Datagrams, long Bytes)>[threads];
            for (var t = 0; t < threads; t++)
            {
                var first = t;
                workers[t] = Task.Factory.StartNew(() =>
                {
                    long datagrams = 0;
                    long bytes = 0;
                    var index = first * 997;
                    while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
                    {
                        for (var s = first; s < senders.Length; s += threads)
                        {
                            var datagram = pool[index++ & (pool.Length - 1)];
                            try
                            {
                                senders[s].SendTo(datagram, SocketFlags.None, target);
                                datagrams++;
                                bytes += datagram.Length;
                            }
                            catch (SocketException)
                            {
                                // The loopback queue is full: the flood goes on.
                            }
                        }
                    }

                    return (datagrams, bytes);
                }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            var results = await Task.WhenAll(workers).ConfigureAwait(false);
            return new FloodFigures(results.Sum(r => r.Datagrams), results.Sum(r => r.Bytes), clock.Elapsed);
        }
        finally
        {
            foreach (var socket in senders)
            {
                socket.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sending.CancelAsync().ConfigureAwait(false);
        await _camera.ConfigureAwait(false);
        _viewer.Dispose();
        _publisher.Dispose();
        _room.Close();
        _engine.Dispose();
        _sending.Dispose();
    }

    private sealed class NoRoomEvents : IMediaRoomEvents
    {
        public void TrackStarted(string memberId, TrackSource source)
        {
        }

        public void TrackEnded(string memberId, TrackSource source)
        {
        }

        public void SubscriberOffer(string memberId, SubscriberOfferInfo offer)
        {
        }

        public void ConnectionLost(string memberId, string reason)
        {
        }
    }
}

/// <summary>What a flood sent: datagrams, bytes and how long it ran.</summary>
public sealed record FloodFigures(long Datagrams, long Bytes, TimeSpan Elapsed)
{
    /// <summary>Datagrams per second.</summary>
    public double Rate => Datagrams / Elapsed.TotalSeconds;
}

/// <summary>The hostile datagrams a flood cycles through, made once (so the senders spend their time sending).</summary>
internal static class HostileDatagrams
{
    private const uint MagicCookie = 0x2112A442;

    /// <summary><paramref name="count"/> (a power of two) datagrams of the six kinds, from a seeded generator.</summary>
    public static byte[][] Make(string transportUfrag, int count, int seed)
    {
        var random = new Random(seed);
        var pool = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            pool[i] = (i % 6) switch
            {
                0 => Bytes(random, random.Next(1, 1400)),
                1 => ForgedCheck(random, transportUfrag),
                2 => GarbageStun(random),
                3 => LooksLike(random, (byte)random.Next(20, 64), random.Next(13, 1400)),
                4 => LooksLike(random, (byte)(0x80 | random.Next(0, 64)), random.Next(12, 1400), secondByte: (byte)random.Next(0, 128)),
                _ => LooksLike(random, (byte)(0x80 | random.Next(0, 32)), random.Next(8, 1400), secondByte: (byte)random.Next(192, 224)),
            };
        }

        return pool;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] LooksLike(Random random, byte first, int length, byte? secondByte = null)
    {
        var bytes = Bytes(random, length);
        bytes[0] = first;
        if (secondByte is { } second && length > 1)
        {
            bytes[1] = second;
        }

        return bytes;
    }

    /// <summary>A Binding request to the viewer's transport (right USERNAME prefix) whose MESSAGE-INTEGRITY is random.</summary>
    private static byte[] ForgedCheck(Random random, string transportUfrag)
    {
        var username = Encoding.ASCII.GetBytes($"{transportUfrag}:evil");
        var usernameLength = (username.Length + 3) & ~3;
        var bytes = new byte[20 + 4 + usernameLength + 8 + 12 + 24 + 8];
        var at = StunHeader(bytes, random, 0x0001);
        at = Attribute(bytes, at, 0x0006, username);
        at = Attribute(bytes, at, 0x0024, [0x6e, 0, 1, 0xff]);
        at = Attribute(bytes, at, 0x802A, Bytes(random, 8));
        at = Attribute(bytes, at, 0x0008, Bytes(random, 20));
        Attribute(bytes, at, 0x8028, Bytes(random, 4));
        return bytes;
    }

    /// <summary>A STUN header of a random method and class followed by attributes with random types and lengths.</summary>
    private static byte[] GarbageStun(Random random)
    {
        var bytes = Bytes(random, 20 + (4 * random.Next(0, 100)));
        StunHeader(bytes, random, (ushort)(random.Next(0, 0x4000) & 0x3EEF));
        return bytes;
    }

    private static int StunHeader(byte[] bytes, Random random, ushort type)
    {
        BinaryPrimitives.WriteUInt16BigEndian(bytes, type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), MagicCookie);
        random.NextBytes(bytes.AsSpan(8, 12));
        return 20;
    }

    private static int Attribute(byte[] bytes, int at, ushort type, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)value.Length);
        value.CopyTo(bytes, at + 4);
        return at + 4 + ((value.Length + 3) & ~3);
    }
}
