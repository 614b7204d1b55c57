using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenLive.Server.Hosting;

/// <summary>
/// <c>--lan [ADDRESS]</c>: dev mode for a phone on the same network. The server listens HTTPS on the LAN address with a
/// self-signed certificate made once for it (browsers give the camera only to secure origins), binds and announces
/// media on that address, and the banner prints the URL to open and the certificate's fingerprint.
/// </summary>
internal sealed record LanMode(IPAddress Address, X509Certificate2 Certificate, string CertificatePath)
{
    /// <summary>The certificate file under the data directory; its key is <see cref="KeyFileName"/> next to it (both 0600).</summary>
    public const string CertificateFileName = "lan-cert.pem";

    public const string KeyFileName = "lan-key.pem";

    /// <summary>A made certificate is kept this long; one that expires sooner than <see cref="RenewBefore"/> is made again.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The SHA-256 fingerprint to compare with the browser's certificate warning.</summary>
    public string Fingerprint => HttpsCertificates.Fingerprint(Certificate);

    /// <summary>
    /// The address (<paramref name="requested"/>, or "auto": the machine's LAN address) and its certificate from
    /// <paramref name="dataDirectory"/>, made when missing, expiring or for another address or host name.
    /// </summary>
    public static LanMode Prepare(string requested, string dataDirectory, TimeProvider time)
    {
        var address = requested is "auto" or "true" or "" ? PickAddress() : ParseLocal(requested);
        var certificate = KeptCertificate(dataDirectory, address, Dns.GetHostName(), time.GetUtcNow());
        return new LanMode(address, certificate, Path.Combine(dataDirectory, CertificateFileName));
    }

    /// <summary>The certificate kept in <paramref name="dataDirectory"/> when it still fits, else a new one written there.</summary>
    internal static X509Certificate2 KeptCertificate(string dataDirectory, IPAddress address, string host, DateTimeOffset now)
    {
        // The data directory is owner-only (it holds every key of the node); made so here when --lan comes first.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var certificatePath = Path.Combine(dataDirectory, CertificateFileName);
        var keyPath = Path.Combine(dataDirectory, KeyFileName);
        return TryReuse(certificatePath, keyPath, address, host, now) ?? Make(certificatePath, keyPath, address, host, now);
    }

    /// <summary>The https URL on the LAN address with <paramref name="port"/> (0: Kestrel picks one).</summary>
    public string ListenUrl(int port) => $"https://{(Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{port}";

    /// <summary>
    /// The first up, non-loopback interface's IPv4 address, private ranges (RFC 1918) first: the address a phone on the
    /// same Wi-Fi reaches. None: a clear error that says how to give one.
    /// </summary>
    internal static IPAddress PickAddress()
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !IsLinkLocal(a))
            .OrderBy(a => IsPrivate(a) ? 0 : 1)
            .ToList();
        return candidates.FirstOrDefault()
            ?? throw HttpsCertificates.Invalid("--lan found no network address on this machine (no interface up with an IPv4 address): give one, e.g. --lan 192.168.1.20.");
    }

    private static IPAddress ParseLocal(string requested)
    {
        if (!IPAddress.TryParse(requested, out var address) || IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw HttpsCertificates.Invalid($"--lan {requested}: give this machine's address on the LAN (e.g. --lan 192.168.1.20), or --lan alone to pick it.");
        }

        var local = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address));
        if (!local.Contains(address))
        {
            throw HttpsCertificates.Invalid($"--lan {requested}: no interface of this machine has that address (ip addr lists them).");
        }

        return address;
    }

    private static bool IsLinkLocal(IPAddress a) => a.GetAddressBytes() is [169, 254, ..];

    private static bool IsPrivate(IPAddress a) => a.GetAddressBytes() is [10, ..] or [192, 168, ..] or [172, >= 16 and <= 31, ..];

    /// <summary>The kept certificate when it still fits: loads, valid for longer than <see cref="RenewBefore"/>, names the address and host.</summary>
    private static X509Certificate2? TryReuse(string certificatePath, string keyPath, IPAddress address, string host, DateTimeOffset now)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null; // damaged or replaced by hand: made again
        }

        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateIPAddresses().Select(ip => ip.ToString())
            .Concat(san.EnumerateDnsNames())).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fits = now >= certificate.NotBefore && now + RenewBefore < certificate.NotAfter && names.Contains(address.ToString()) && names.Contains(host);
        if (fits)
        {
            return certificate;
        }

        certificate.Dispose();
        return null;
    }

    /// <summary>A self-signed ECDSA P-256 server certificate for the address and the host name, written 0600.</summary>
    private static X509Certificate2 Make(string certificatePath, string keyPath, IPAddress address, string host, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=OpenLive LAN {address}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(address);
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
        WriteOwnerOnly(certificatePath, made.ExportCertificatePem());
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    /// <summary>Writes a file readable by its owner only, from its creation on (never world-readable in between).</summary>
    internal static void WriteOwnerOnly(string path, string text)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
