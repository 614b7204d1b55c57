using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace OpenLive.Server.Hosting;

/// <summary>
/// The Orleans ports of a node. Anyone who completes a connection to a silo port can call any grain (join, dismiss,
/// kick) behind the userSig and admin-key checks, so: the silo listens on one address (the advertised one, or
/// <c>Cluster:ListenAddress</c>), never every interface; there is no client gateway unless a port is configured; and
/// with Redis membership the nodes speak mutual TLS, each accepting only peers with a certificate of the cluster's CA
/// (refused at start without it, unless <c>Cluster:AllowInsecure</c>).
/// </summary>
internal static class ClusterEndpoints
{
    /// <summary>Redis membership: endpoints on the advertised (or listen) address, and TLS.</summary>
    public static void ConfigureRedisNode(ISiloBuilder silo, ClusterOptions cluster)
    {
        if (!IPAddress.TryParse(cluster.AdvertisedAddress, out var advertised))
        {
            throw Invalid($"OpenLive:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
        }

        var listen = advertised;
        if (!string.IsNullOrWhiteSpace(cluster.ListenAddress) && !IPAddress.TryParse(cluster.ListenAddress, out listen))
        {
            throw Invalid($"OpenLive:Cluster:ListenAddress '{cluster.ListenAddress}' is not an IP address.");
        }

        if (cluster.SiloPort == 0)
        {
            throw Invalid("OpenLive:Cluster:SiloPort (--silo-port) 0 (any free port) is for localhost membership only: with Redis membership the other nodes dial the port this node advertises.");
        }

        if (!cluster.Tls.IsConfigured && !cluster.AllowInsecure)
        {
            throw Invalid("Redis membership needs mutual TLS between nodes: set OpenLive:Cluster:Tls:CertificatePath (--cluster-cert, this node's PKCS#12 certificate) "
                + "and OpenLive:Cluster:Tls:CaCertificatePath (--cluster-ca, the cluster's CA), or OpenLive:Cluster:AllowInsecure=true on a network where every "
                + "machine that reaches the silo port may call every grain (docs/operations.md, \"Ports to firewall\").");
        }

        silo.Configure<Orleans.Configuration.EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = advertised;
            endpoints.SiloPort = cluster.SiloPort;
            endpoints.GatewayPort = cluster.GatewayPort;
            endpoints.SiloListeningEndpoint = new IPEndPoint(listen!, cluster.SiloPort);
            endpoints.GatewayListeningEndpoint = cluster.GatewayPort == 0 ? null : new IPEndPoint(listen!, cluster.GatewayPort);
        });
        UseTlsIfConfigured(silo, cluster.Tls);
        silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(membership =>
        {
            // A dead node must be declared dead within about two seconds, so its rooms come back elsewhere in time
            // (issue 16's goal: members see and hear each other again within 5 s). A probe is answered in
            // milliseconds on a healthy network; a node whose own health degrades still extends its timeouts (Orleans'
            // ExtendProbeTimeoutDuringDegradation), so a loaded prober does not vote a healthy peer out.
            membership.ProbeTimeout = cluster.ProbeTimeout;
            membership.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });
    }

    /// <summary>
    /// The silo port a lone node advertises when it listens on a port the OS picks (<c>Cluster:SiloPort</c> 0). Orleans
    /// wants a non-zero advertised port, and a node's address is fixed before its listener binds; nothing ever dials it,
    /// as no other silo joins localhost membership and the node's own calls never leave the process.
    /// </summary>
    public const int LoneNodeAdvertisedSiloPort = 1;

    /// <summary>The silo port to hand Orleans' localhost clustering: the configured one, or the lone node's placeholder.</summary>
    public static int LocalSiloPort(ClusterOptions cluster) => cluster.SiloPort == 0 ? LoneNodeAdvertisedSiloPort : cluster.SiloPort;

    /// <summary>
    /// Localhost membership (one node): loopback only; no gateway unless a port is configured; with SiloPort 0 the
    /// listener takes any free port — picking a "free" port first and binding it later races every other bind on the
    /// machine.
    /// </summary>
    public static void ConfigureLocalNode(ISiloBuilder silo, ClusterOptions cluster)
    {
        silo.Configure<Orleans.Configuration.EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = IPAddress.Loopback;
            endpoints.SiloPort = LocalSiloPort(cluster);
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, cluster.SiloPort);
            endpoints.GatewayPort = cluster.GatewayPort;
            endpoints.GatewayListeningEndpoint = cluster.GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.GatewayPort);
        });
        UseTlsIfConfigured(silo, cluster.Tls);
    }

    private static void UseTlsIfConfigured(ISiloBuilder silo, ClusterTlsOptions tls)
    {
        if (!tls.IsConfigured)
        {
            return;
        }

        var certificate = LoadNodeCertificate(tls);
        var authority = new ClusterAuthority(LoadCa(tls.CaCertificatePath));
        silo.UseTls(certificate, options =>
        {
            // Mutual: the accepting node demands a certificate as firmly as the connecting one.
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = authority.Issued;
        });
    }

    private static X509Certificate2 LoadNodeCertificate(ClusterTlsOptions tls)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, tls.CertificatePassword);
            if (!certificate.HasPrivateKey)
            {
                throw Invalid($"OpenLive:Cluster:Tls:CertificatePath '{tls.CertificatePath}' has no private key (a PKCS#12 file with the node's key is needed).");
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid($"OpenLive:Cluster:Tls:CertificatePath '{tls.CertificatePath}' cannot be loaded as PKCS#12 with OpenLive:Cluster:Tls:CertificatePassword: {e.Message}");
        }
    }

    private static X509Certificate2 LoadCa(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid("OpenLive:Cluster:Tls:CaCertificatePath (--cluster-ca) is required with a node certificate: peers are accepted only when their certificate chains to it.");
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid($"OpenLive:Cluster:Tls:CaCertificatePath '{path}' cannot be loaded as a PEM or DER certificate: {e.Message}");
        }
    }

    private static OptionsValidationException Invalid(string message) =>
        new(ServerOptions.Section, typeof(ServerOptions), [message]);

    /// <summary>Accepts a peer certificate that chains to the cluster's CA (the platform's trust store and host names play no part).</summary>
    private sealed class ClusterAuthority(X509Certificate2 ca)
    {
        public bool Issued(X509Certificate2 certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
        {
            using var own = new X509Chain();
            own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            own.ChainPolicy.CustomTrustStore.Add(ca);
            own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!own.Build(certificate))
            {
                return false;
            }

            var root = own.ChainElements[^1].Certificate;
            return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
        }
    }
}
