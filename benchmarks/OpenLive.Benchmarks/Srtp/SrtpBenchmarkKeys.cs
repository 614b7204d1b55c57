using OpenLive.Rtc.Srtp;

namespace OpenLive.Benchmarks.Srtp;

/// <summary>Keying material and checks shared by the SRTP benchmarks.</summary>
internal static class SrtpBenchmarkKeys
{
    /// <summary>Random keys whose local and remote halves are equal, so a sender and a receiver built from them pair up.</summary>
    public static SrtpKeyingMaterial Loopback(SrtpProfile profile)
    {
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        return new SrtpKeyingMaterial(profile, key, salt, key, salt);
    }

    /// <summary>Setup fails loudly rather than benchmarking an error path.</summary>
    public static void Check(SrtpStatus status)
    {
        if (status != SrtpStatus.Ok)
        {
            throw new InvalidOperationException($"benchmark input did not protect: {status}");
        }
    }
}
