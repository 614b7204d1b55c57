using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenLive.Core.Errors;

namespace OpenLive.Sdk;

/// <summary>
/// The server certificates a client accepts by their SHA-256 fingerprint (<see cref="LiveClientOptions.ServerCertificateSha256"/>)
/// instead of the platform's chain and name validation: how a developer reaches a server with a self-signed certificate
/// (<c>./run.sh --lan</c> prints its fingerprint) without adding it to the machine's trusted roots. A pinned certificate
/// is accepted whatever its chain or name; any other is refused, even one the platform would trust.
/// </summary>
internal sealed class ServerCertificatePins
{
    private const int FingerprintBytes = 32;
    private readonly byte[][] pins;

    private ServerCertificatePins(byte[][] pins) => this.pins = pins;

    /// <summary>
    /// The pins of <paramref name="fingerprints"/>; null when there are none (the platform validates).
    /// </summary>
    /// <exception cref="LiveException">8021 when one is not 32 bytes of hex (colons and spaces between digits are allowed).</exception>
    public static ServerCertificatePins? From(IReadOnlyList<string>? fingerprints)
    {
        if (fingerprints is null || fingerprints.Count == 0)
        {
            return null;
        }

        var pins = new byte[fingerprints.Count][];
        for (var i = 0; i < pins.Length; i++)
        {
            pins[i] = Parse(fingerprints[i])
                ?? throw new LiveException(ILiveErrorCode.InvalidParam, $"options.ServerCertificateSha256[{i}] is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }

        return new ServerCertificatePins(pins);
    }

    /// <summary>"AB:CD:…" for a certificate, the form <c>./run.sh --lan</c> and browsers show.</summary>
    public static string Format(ReadOnlySpan<byte> fingerprint) =>
        string.Join(':', fingerprint.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>
    /// True for a pinned certificate, whatever the platform thinks of it; otherwise false with the fingerprint it
    /// presented in <paramref name="refused"/> (for the error message).
    /// </summary>
    public bool Accepts(X509Certificate? certificate, out string? refused)
    {
        refused = null;
        if (certificate is null)
        {
            refused = "(no certificate)";
            return false;
        }

        Span<byte> presented = stackalloc byte[FingerprintBytes];
        SHA256.HashData(certificate.GetRawCertData(), presented);
        foreach (var pin in pins)
        {
            if (CryptographicOperations.FixedTimeEquals(pin, presented))
            {
                return true;
            }
        }

        refused = Format(presented);
        return false;
    }

    private static byte[]? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var digits = new string([.. text.Where(c => c is not (':' or ' ' or '-'))]);
        if (digits.Length != FingerprintBytes * 2 || !digits.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Convert.FromHexString(digits);
    }
}
