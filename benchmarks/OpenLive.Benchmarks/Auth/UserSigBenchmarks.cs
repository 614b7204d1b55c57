using BenchmarkDotNet.Attributes;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;

namespace OpenLive.Benchmarks.Auth;

/// <summary>
/// userSig generate and verify, one thread. Compared with Tencent's Node library by benchmarks/usersig.sh, which runs
/// both on the same core in one command.
/// </summary>
[MemoryDiagnoser]
public class UserSigBenchmarks
{
    private const uint App = 1400000000;
    private const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    // Made by Tencent's Python library (default zlib level) — a ticket as existing backends issue them.
    private const string TencentSig = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFEzNPXFmekgGwyjTAPy0l2y3BNL01KDMwPynUorUjwizV29jb1CUhyzfAMsjYNNvMvCjH1tlWoBGhAzGw__";

    private readonly UserSigGenerator _generator = new(App, Key);
    private readonly UserSigGenerator _deflateGenerator = new(App, Key, null, UserSigCompression.Deflate);
    private readonly UserSigVerifier _verifier = new(App, Key, new PinnedClock(1_600_000_100));
    private string _ourSig = string.Empty;
    private string _ourPrivateMapKey = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var issuer = new UserSigGenerator(App, Key, new PinnedClock(1_600_000_000));
        _ourSig = issuer.GenUserSig("xiaojun");
        _ourPrivateMapKey = issuer.GenPrivateMapKey("xiaojun", 300, 10000, AuthBits.All);
        if (!_verifier.Verify("xiaojun", TencentSig).IsValid || !_verifier.Verify("xiaojun", _ourSig).IsValid)
        {
            throw new InvalidOperationException("benchmark inputs do not verify");
        }
    }

    [Benchmark(Description = "GenUserSig")]
    public string Generate() => _generator.GenUserSig("xiaojun");

    [Benchmark(Description = "GenUserSig (deflate)")]
    public string GenerateDeflate() => _deflateGenerator.GenUserSig("xiaojun");

    [Benchmark(Description = "GenPrivateMapKey")]
    public string GeneratePrivateMapKey() => _generator.GenPrivateMapKey("xiaojun", 300, 10000, AuthBits.All);

    [Benchmark(Description = "Verify (Tencent-issued sig)")]
    public bool VerifyTencent() => _verifier.Verify("xiaojun", TencentSig).IsValid;

    [Benchmark(Description = "Verify (OpenLive-issued sig)")]
    public bool VerifyOurs() => _verifier.Verify("xiaojun", _ourSig).IsValid;

    [Benchmark(Description = "VerifyPrivateMapKey")]
    public bool VerifyPrivateMapKey() => _verifier.VerifyPrivateMapKey("xiaojun", _ourPrivateMapKey, 10000).IsValid;

    private sealed class PinnedClock(long unixSeconds) : TimeProvider
    {
        private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
