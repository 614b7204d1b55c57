using System.Security.Cryptography;

namespace OpenLive.Core.Auth;

/// <summary>
/// HMAC-SHA256 with a fixed key, reusing one keyed instance: the one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/>
/// rebuilds the key schedule on every call and costs about 2.5× as much. A lock-free single slot keeps it thread-safe;
/// concurrent callers that find the slot empty create their own instance.
/// </summary>
internal sealed class KeyedHmacSha256(byte[] key)
{
    private IncrementalHash? _cached;

    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var hmac = Interlocked.Exchange(ref _cached, null) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(data);
        hmac.GetHashAndReset(mac);
        if (Interlocked.CompareExchange(ref _cached, hmac, null) is not null)
        {
            hmac.Dispose();
        }
    }
}
