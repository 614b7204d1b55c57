using System.Diagnostics;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// One room on the server under test: the host publishes (and feeds the direct baseline), and each stage grows the
/// audience to N subscribers, waits until every one of them receives video, lets things settle, then measures a
/// window: what the publisher sent, what the subscribers got, the server's CPU time, and frame latency on both paths.
/// The server's own signaling is behind <see cref="IServerUnderTest"/>; everything measured is the same for each.
/// </summary>
internal sealed class MediaBenchmark(MediaLoadSettings settings, IServerUnderTest server) : IAsyncDisposable
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MediaLimit = TimeSpan.FromSeconds(90);

    private readonly List<IMediaSubscriber> _subscribers = [];
    // The SFU path (publisher and subscribers) uses the transport asked for (--transport); the direct baseline stays on
    // UDP: two of our clients have no passive TCP candidate to meet on.
    private readonly RtcClientOptions _clientOptions = new() { LocalAddress = settings.ClientAddress, IceTransports = settings.Transport };
    private readonly RtcClientOptions _directOptions = new() { LocalAddress = settings.ClientAddress };
    private readonly ProcessSampler _server = new(settings.ServerPid);
    private readonly ProcessSampler _harness = new(Environment.ProcessId);
    private readonly CancellationTokenSource _stop = new();
    private MediaPublisher? _publisher;
    private Task _heartbeats = Task.CompletedTask;

    private MediaPublisher Publisher => _publisher ?? throw new InvalidOperationException("Not started.");

    /// <summary>The host publishes its camera (the server sets the room up) and starts sending.</summary>
    public async Task StartAsync()
    {
        _publisher = await MediaPublisher.StartAsync(server, settings, _clientOptions, _directOptions).ConfigureAwait(false);
        _heartbeats = HeartbeatLoopAsync();
    }

    /// <summary>Grows the audience to <paramref name="count"/>, waits <paramref name="settle"/>, then measures one window.</summary>
    public async Task<StageResult> RunStageAsync(int count, TimeSpan settle)
    {
        var joining = Stopwatch.StartNew();
        var first = _subscribers.Count;
        await Parallel.ForEachAsync(Enumerable.Range(first, Math.Max(0, count - first)), new ParallelOptions { MaxDegreeOfParallelism = settings.ParallelJoins }, async (i, _) =>
        {
            var subscriber = await server.SubscribeAsync(i, _clientOptions, settings.SampleCapacity).ConfigureAwait(false);
            lock (_subscribers)
            {
                _subscribers.Add(subscriber);
            }
        }).ConfigureAwait(false);

        var subscribers = Snapshot();
        while (Array.Exists(subscribers, s => s.Receiver.Packets == 0))
        {
            if (joining.Elapsed > MediaLimit)
            {
                throw new TimeoutException($"{Array.FindAll(subscribers, s => s.Receiver.Packets == 0).Length} of {subscribers.Length} subscribers received no video within {MediaLimit.TotalSeconds} s");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"  {subscribers.Length} subscribers receiving after {joining.Elapsed.TotalSeconds:F1} s; settling {settle.TotalSeconds} s, measuring {settings.Window.TotalSeconds} s");
        await Task.Delay(settle).ConfigureAwait(false);

        var before = Measure(subscribers);
        foreach (var subscriber in subscribers)
        {
            subscriber.Receiver.StartRecording();
        }

        Publisher.DirectReceiver.StartRecording();
        await Task.Delay(settings.Window).ConfigureAwait(false);
        var after = Measure(subscribers);
        foreach (var subscriber in subscribers)
        {
            subscriber.Receiver.StopRecording();
        }

        Publisher.DirectReceiver.StopRecording();
        await Task.Delay(100).ConfigureAwait(false); // a receive thread may be writing its last sample
        if (settings.SamplesDirectory is { } directory)
        {
            WriteSamples(Path.Combine(directory, $"latency-{subscribers.Length}.csv"), subscribers);
        }

        return new StageResult(
            server.ForwardingThread,
            subscribers.Length,
            before,
            after,
            Latencies(subscribers),
            subscribers.Sum(s => s.NegotiationFailures),
            subscribers.Sum(s => s.Reconnections));
    }

    private StageLatency Latencies(IMediaSubscriber[] subscribers)
    {
        var receivers = subscribers.Select(s => s.Receiver).ToArray();
        var direct = Publisher.DirectReceiver;
        return new StageLatency(
            Percentiles.Of(LatencySamples.Raw(receivers, socket: false)),
            Percentiles.Of(LatencySamples.Raw([direct], socket: false)),
            Percentiles.Of(LatencySamples.Raw(receivers, socket: true)),
            Percentiles.Of(LatencySamples.Raw([direct], socket: true)),
            Percentiles.Of(LatencySamples.AddedOverDirect(receivers, direct, socket: false)),
            Percentiles.Of(LatencySamples.AddedOverDirect(receivers, direct, socket: true)));
    }

    /// <summary>Every latency sample of the window as CSV (path, receiver, frame, microseconds to the application and to the socket), to look for stalls shared by all receivers.</summary>
    private void WriteSamples(string path, IMediaSubscriber[] subscribers)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("path,receiver,frame,app_latency_us,socket_latency_us");
        void Write(string kind, int index, FrameReceiver receiver)
        {
            var frames = receiver.SampleFrames;
            var samples = receiver.Samples;
            var arrivals = receiver.ArrivalSamples;
            for (var i = 0; i < Math.Min(frames.Length, Math.Min(samples.Length, arrivals.Length)); i++)
            {
                writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind},{index},{frames[i]},{samples[i]},{arrivals[i]}"));
            }
        }

        Write("direct", 0, Publisher.DirectReceiver);
        for (var i = 0; i < subscribers.Length; i++)
        {
            Write("sfu", i, subscribers[i].Receiver);
        }
    }

    private Counters Measure(IMediaSubscriber[] subscribers)
    {
        long received = 0;
        foreach (var subscriber in subscribers)
        {
            received += subscriber.Receiver.Packets;
        }

        var publisher = Publisher;
        return new Counters(
            publisher.SentToSfu, received, publisher.SentDirect, publisher.DirectReceiver.Packets, publisher.Keyframes, publisher.Frames,
            _server.Take(), _harness.Take(), ProcessSampler.MachineBusyTicks(), ProcessSampler.ReadUdpErrors());
    }

    private IMediaSubscriber[] Snapshot()
    {
        lock (_subscribers)
        {
            return [.. _subscribers];
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await server.KeepAliveAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeats.ConfigureAwait(false);
        await Parallel.ForEachAsync(Snapshot(), async (subscriber, _) => await subscriber.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}

/// <summary>Counters at one instant: publisher, subscribers, direct path, server and harness processes.</summary>
internal readonly record struct Counters(
    long SentToSfu,
    long ReceivedFromSfu,
    long SentDirect,
    long ReceivedDirect,
    long Keyframes,
    long Frames,
    ProcessSampler.Sample Server,
    ProcessSampler.Sample Harness,
    long MachineBusyTicks,
    ProcessSampler.UdpErrors Udp);
