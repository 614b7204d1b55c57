using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OpenLive.Server.Hosting;

/// <summary>Kestrel's certificate and the chain sent after it, loaded once at start.</summary>
internal sealed record HttpsCertificate(X509Certificate2 Leaf, X509Certificate2Collection Chain);

/// <summary>
/// Loads the configured certificate (PEM pair or PFX) at start and says clearly what is wrong with it: a missing file,
/// a key that does not match, a PFX that does not open. Key material is read, never logged, never part of a message.
/// </summary>
internal static class HttpsCertificates
{
    /// <summary>Loads <paramref name="https"/>'s certificate; throws <see cref="OptionsValidationException"/> with a message saying what to fix.</summary>
    public static HttpsCertificate Load(HttpsOptions https)
    {
        if (!string.IsNullOrWhiteSpace(https.PfxPath))
        {
            if (!string.IsNullOrWhiteSpace(https.CertificatePath) || !string.IsNullOrWhiteSpace(https.KeyPath))
            {
                throw Invalid("give either --https-pfx or --https-cert with --https-key, not both.");
            }

            return LoadPfx(https);
        }

        if (string.IsNullOrWhiteSpace(https.CertificatePath) || string.IsNullOrWhiteSpace(https.KeyPath))
        {
            throw Invalid("--https-cert and --https-key go together: the certificate (PEM) and its private key (PEM).");
        }

        return LoadPem(https.CertificatePath, https.KeyPath);
    }

    private static HttpsCertificate LoadPem(string certificatePath, string keyPath)
    {
        RequireFile(certificatePath, "--https-cert");
        RequireFile(keyPath, "--https-key");
        X509Certificate2Collection all;
        try
        {
            all = [];
            all.ImportFromPemFile(certificatePath);
        }
        catch (CryptographicException e)
        {
            throw Invalid($"--https-cert {certificatePath} is not a PEM certificate ({e.Message}).");
        }

        if (all.Count == 0)
        {
            throw Invalid($"--https-cert {certificatePath} holds no certificate (expected -----BEGIN CERTIFICATE-----).");
        }

        X509Certificate2 leaf;
        try
        {
            // The first certificate of the file is the server's; the rest (a full chain) is sent after it.
            leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw Invalid($"--https-key {keyPath} does not match the certificate in {certificatePath}, or is not an unencrypted PEM private key.");
        }

        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return new HttpsCertificate(leaf, chain);
    }

    private static HttpsCertificate LoadPfx(HttpsOptions https)
    {
        var path = https.PfxPath!;
        RequireFile(path, "--https-pfx");
        var password = https.PfxPassword;
        if (!string.IsNullOrWhiteSpace(https.PfxPasswordFile))
        {
            RequireFile(https.PfxPasswordFile, "--https-pfx-password-file");
            password = File.ReadAllText(https.PfxPasswordFile).TrimEnd('\r', '\n');
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            throw Invalid($"--https-pfx {path} could not be opened: a wrong or missing password (OpenLive:Https:PfxPassword, --https-pfx-password-file), or not a PKCS#12 file.");
        }

        if (!leaf.HasPrivateKey)
        {
            throw Invalid($"--https-pfx {path} holds no private key.");
        }

        return new HttpsCertificate(leaf, []);
    }

    /// <summary>Why a certificate cannot serve now (expired, not yet valid), or null: said as a warning at every start.</summary>
    public static string? ValidityProblem(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now > certificate.NotAfter)
        {
            return $"expired on {certificate.NotAfter.ToUniversalTime():u}: browsers refuse it";
        }

        return now < certificate.NotBefore ? $"not valid before {certificate.NotBefore.ToUniversalTime():u}: browsers refuse it" : null;
    }

    /// <summary>The SHA-256 fingerprint as browsers show it (AB:CD:…).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    private static void RequireFile(string path, string flag)
    {
        if (!File.Exists(path))
        {
            throw Invalid($"{flag} {path}: no such file.");
        }
    }

    internal static OptionsValidationException Invalid(string message) =>
        new(ServerOptions.Section, typeof(ServerOptions), ["OpenLive:Https: " + message]);
}
