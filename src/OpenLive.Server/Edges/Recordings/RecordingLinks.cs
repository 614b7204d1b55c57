using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Edges.Admin;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Recordings;

/// <summary>
/// Signed, expiring links to one recording: <c>/recordings/{fileId}?expires={unix s}&amp;sig={base64url}</c>, where the
/// signature is HMAC-SHA256 over <c>fileId \n expires</c>. A browser's <c>&lt;video&gt;</c> (the admin page's player, a
/// link sent to a colleague) cannot send the admin key, so the admin API hands out such links instead, as object
/// stores hand out pre-signed URLs; anyone holding one may fetch that one file until it expires, and nothing else.
/// </summary>
/// <remarks>
/// The signing key is derived from the admin key (HKDF-SHA256, its own label), so every node of a cluster that shares
/// the admin key accepts the same links, a restart keeps them valid, and rotating the admin key revokes them all.
/// </remarks>
internal sealed class RecordingLinks
{
    /// <summary>How long a link lasts when the caller does not say.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>The longest a link may last.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    private const int SignatureBytes = 32;
    private static readonly byte[] Label = "openlive recording links v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public RecordingLinks(AdminKey adminKey, [FromKeyedServices(ServerClock.Key)] TimeProvider time)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(adminKey.Value), 32, salt: [], info: Label);
        _time = time;
    }

    /// <summary>A path-and-query link to <paramref name="fileId"/>, valid until <paramref name="expires"/> (whole seconds).</summary>
    public string Create(string fileId, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds();
        var path = string.Join('/', fileId.Split('/').Select(Uri.EscapeDataString));
        return $"/recordings/{path}?expires={seconds.ToString(CultureInfo.InvariantCulture)}&sig={Base64Url.EncodeToString(Sign(fileId, seconds))}";
    }

    /// <summary>True when <paramref name="signature"/> is this server's for the file and time and that time has not passed.</summary>
    public bool Accepts(string fileId, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds < _time.GetUtcNow().ToUnixTimeSeconds()
            || signature is null || signature.Length != Base64Url.GetEncodedLength(SignatureBytes))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SignatureBytes];
        if (Base64Url.DecodeFromChars(signature, presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != SignatureBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Sign(fileId, seconds));
    }

    private byte[] Sign(string fileId, long expires) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{fileId}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
}
