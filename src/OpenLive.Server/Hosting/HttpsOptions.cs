namespace OpenLive.Server.Hosting;

/// <summary>
/// HTTPS on Kestrel and the reverse proxy in front of it (section <c>OpenLive:Https</c>). Browsers grant the camera
/// only to secure origins, so a server other devices open needs one of: a certificate here, a TLS-terminating proxy
/// (deploy/nginx/openlive.conf) with <see cref="KnownProxies"/>, or <c>--lan</c>'s self-signed certificate.
/// </summary>
public sealed class HttpsOptions
{
    /// <summary>The certificate, PEM (<c>--https-cert</c>); a full chain file (leaf first) is sent whole.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key, PEM, unencrypted (<c>--https-key</c>); read at start, never logged.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate with its key as PKCS#12 (<c>--https-pfx</c>), instead of the PEM pair.</summary>
    public string? PfxPath { get; set; }

    /// <summary>The PFX's password (environment <c>OpenLive__Https__PfxPassword</c> or a settings file; no flag carries it).</summary>
    public string? PfxPassword { get; set; }

    /// <summary>A file holding the PFX's password (<c>--https-pfx-password-file</c>; one line, 0600).</summary>
    public string? PfxPasswordFile { get; set; }

    /// <summary>Answer plain-HTTP requests with a redirect to the HTTPS URL (<c>--https-redirect</c>; <c>/healthz</c> stays on HTTP).</summary>
    public bool RedirectHttp { get; set; }

    /// <summary>Send <c>Strict-Transport-Security</c> (<c>--https-hsts</c>): only when asked, as it binds browsers to HTTPS for a year.</summary>
    public bool Hsts { get; set; }

    /// <summary>
    /// The reverse proxies whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed (<c>--known-proxies</c>),
    /// comma-separated IP addresses or CIDR networks. Empty (the default): the headers are ignored, whoever sends them.
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary>True when Kestrel has a certificate of its own (PEM pair or PFX).</summary>
    public bool HasCertificate => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(PfxPath);
}
