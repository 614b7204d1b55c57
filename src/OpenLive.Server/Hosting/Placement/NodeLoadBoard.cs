using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OpenLive.Server.Hosting.Placement;

/// <summary>
/// Every node's load, shared through Redis: once a second each node writes its score to the hash
/// <c>openlive:{clusterId}:node-load</c> (field: its silo address) and reads everyone's. The score is
/// <c>members + rooms + media packets per second / 1000 + CPU % / 20</c>: members dominate (each is a media session the
/// node forwards to), a thousand packets a second weigh about one more member, and CPU only separates nodes that are
/// otherwise alike. An entry older than <see cref="StaleAfter"/> is dropped (<see cref="NodeLoadTable"/> scores a node it
/// does not know as the average). On a single node (no Redis) the board knows only itself.
/// </summary>
internal sealed partial class NodeLoadBoard : BackgroundService
{
    public static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private readonly NodeLoad _load;
    private readonly Sfu.SfuEngine _media;
    private readonly Orleans.Runtime.ILocalSiloDetails _silo;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeLoadBoard> _logger;
    private readonly NodeLoadTable _table;
    private ConnectionMultiplexer? _redis;
    private long _lastDatagrams;
    private TimeSpan _lastCpu;
    private long _lastSample;
    private bool _redisFailing;

    public NodeLoadBoard(NodeLoad load, NodeLoadTable table, Sfu.SfuEngine media, Orleans.Runtime.ILocalSiloDetails silo, IOptions<ServerOptions> options, ILogger<NodeLoadBoard> logger)
    {
        _load = load;
        _table = table;
        _media = media;
        _silo = silo;
        _options = options.Value;
        _time = TimeProvider.System; // an operational period, not product time: a test's fake clock must not stall it
        _logger = logger;
    }

    // An entry this much older than now belongs to a node that is gone: it is deleted, so the hash does not grow with
    // every node that ever ran (each start is a new silo address).
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);

    private string Key => $"openlive:{_options.Cluster.ClusterId}:node-load";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Cluster.Membership == "redis" && !string.IsNullOrWhiteSpace(_options.Cluster.ConnectionString))
        {
            var configuration = ConfigurationOptions.Parse(_options.Cluster.ConnectionString);
            configuration.AbortOnConnectFail = false; // Redis may be down now and back later: keep trying
            _redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        }

        using var timer = new PeriodicTimer(PublishInterval, _time);
        try
        {
            do
            {
                await RefreshAsync().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            if (_redis is not null)
            {
                await _redis.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshAsync()
    {
        var localScore = Sample();
        var self = _silo.SiloAddress;
        if (_redis is null)
        {
            _table.Apply(new Dictionary<SiloAddress, double> { [self] = localScore });
            return;
        }

        try
        {
            var db = _redis.GetDatabase();
            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await db.HashSetAsync(Key, self.ToParsableString(), string.Create(CultureInfo.InvariantCulture, $"{localScore:F3}|{nowMs}")).ConfigureAwait(false);
            var entries = await db.HashGetAllAsync(Key).ConfigureAwait(false);
            var scores = new Dictionary<SiloAddress, double>();
            var forgotten = new List<RedisValue>();
            foreach (var entry in entries)
            {
                if (TryParse(entry, nowMs, out var silo, out var score))
                {
                    scores[silo] = score;
                }
                else if (!At(entry, out var atMs) || nowMs - atMs > ForgetAfter.TotalMilliseconds)
                {
                    forgotten.Add(entry.Name); // malformed, or a node long gone
                }
            }

            if (forgotten.Count > 0)
            {
                await db.HashDeleteAsync(Key, [.. forgotten]).ConfigureAwait(false);
            }

            scores[self] = localScore;
            _table.Apply(scores);
            if (_redisFailing)
            {
                _redisFailing = false;
                LogRedisBack(_logger);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException) // RedisTimeoutException is a TimeoutException
        {
            // Redis is down or restarting: placement goes on with the last table, and this node goes on serving. (An
            // escaped exception here once stopped the whole node, since a failed BackgroundService stops the host.)
            if (!_redisFailing)
            {
                _redisFailing = true;
                LogRedisFailing(_logger, e.Message);
            }
        }
    }

    /// <summary>A hash entry as a node's score; false for anything malformed or stale (Redis is shared: never trust it blindly).</summary>
    private static bool TryParse(HashEntry entry, long nowMs, [NotNullWhen(true)] out SiloAddress? silo, out double score)
    {
        silo = null;
        score = 0;
        var text = entry.Value.ToString();
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0
            || !double.TryParse(text.AsSpan(0, bar), NumberStyles.Float, CultureInfo.InvariantCulture, out score)
            || !At(entry, out var atMs)
            || nowMs - atMs > StaleAfter.TotalMilliseconds
            || !double.IsFinite(score) || score < 0)
        {
            return false;
        }

        try
        {
            silo = SiloAddress.FromParsableString(entry.Name.ToString());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>When an entry was written (Unix ms); false when it carries no readable time.</summary>
    private static bool At(HashEntry entry, out long atMs)
    {
        var text = entry.Value.ToString();
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        atMs = 0;
        return bar > 0 && long.TryParse(text.AsSpan(bar + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out atMs);
    }

    /// <summary>This node's score now: hosted members and rooms, the media packet rate since the last sample, CPU.</summary>
    private double Sample()
    {
        var now = _time.GetTimestamp();
        var datagrams = _media.DatagramsReceived;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var elapsed = _lastSample == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_lastSample, now);
        var packetsPerSecond = elapsed > TimeSpan.Zero ? (datagrams - _lastDatagrams) / elapsed.TotalSeconds : 0;
        var cpuPercent = elapsed > TimeSpan.Zero ? 100 * (cpu - _lastCpu).TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount) : 0;
        _lastSample = now;
        _lastDatagrams = datagrams;
        _lastCpu = cpu;
        return _load.Members + _load.Rooms + (packetsPerSecond / 1000) + (cpuPercent / 20);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node load: Redis is not answering ({Reason}); placing rooms by the last known figures")]
    private static partial void LogRedisFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node load: Redis answers again")]
    private static partial void LogRedisBack(ILogger logger);
}
