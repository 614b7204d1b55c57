using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenLive.Testing;

/// <summary>
/// A private CA and node certificates for a test cluster (mutual TLS between silos), written to a temporary folder as
/// an operator would deploy them: <c>ca.pem</c> (the cluster's CA certificate) and one PKCS#12 file per node.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;

    private ClusterCertificates(string directory, X509Certificate2 ca)
    {
        Directory = directory;
        _ca = ca;
        CaPath = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaPath, ca.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The CA certificate (PEM) every node trusts.</summary>
    public string CaPath { get; }

    public const string Password = "test-node-password";

    /// <summary>A new CA in a new temporary folder.</summary>
    public static ClusterCertificates Create(string name = "OpenLive test cluster CA")
    {
        var directory = Path.Combine(Path.GetTempPath(), "openlive-certs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        // The CA's key lives as long as the CA certificate that signs with it.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return new ClusterCertificates(directory, ca);
    }

    /// <summary>Issues a node certificate (server and client authentication) and writes it as <c>{name}.pfx</c>.</summary>
    public string IssueNode(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(Directory, name + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    /// <summary>The server flags for a node with a new certificate of this CA.</summary>
    public string[] NodeArgs(string name) =>
    [
        $"--OpenLive:Cluster:Tls:CertificatePath={IssueNode(name)}",
        $"--OpenLive:Cluster:Tls:CertificatePassword={Password}",
        $"--OpenLive:Cluster:Tls:CaCertificatePath={CaPath}",
    ];

    /// <summary>The node certificate at <paramref name="path"/> with its private key (for a raw TLS client).</summary>
    public static X509Certificate2 Load(string path) => X509CertificateLoader.LoadPkcs12FromFile(path, Password);

    public void Dispose()
    {
        _ca.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }
    }
}
