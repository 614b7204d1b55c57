using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Dtls;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed partial class DtlsCertificateTests
{
    [Fact]
    public void Create_MakesASelfSignedEcdsaP256Sha256Certificate()
    {
        var certificate = DtlsCertificate.Create();
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.Der.ToArray());

        Assert.Equal("CN=OpenLive", x509.Subject);
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using var publicKey = x509.GetECDsaPublicKey();
        Assert.NotNull(publicKey);
        Assert.Equal("1.2.840.10045.3.1.7", publicKey.ExportParameters(false).Curve.Oid.Value); // secp256r1

        // Self-signed: the certificate's own key verifies the signature over its TBSCertificate (RFC 5280 §4.1).
        var outer = new AsnReader(certificate.Der.ToArray(), AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        outer.ReadSequence();
        var signature = outer.ReadBitString(out _);
        Assert.True(publicKey.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Create_UsesARandomPositiveSerial_AndTheValidityWindow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var first = DtlsCertificate.Create(validity: TimeSpan.FromDays(30), timeProvider: clock);
        var second = DtlsCertificate.Create(timeProvider: clock);
        using var x509 = X509CertificateLoader.LoadCertificate(first.Der.ToArray());
        using var other = X509CertificateLoader.LoadCertificate(second.Der.ToArray());

        Assert.Equal(new DateTimeOffset(2030, 5, 5, 7, 8, 9, TimeSpan.Zero), first.NotBefore);
        Assert.Equal(new DateTimeOffset(2030, 6, 5, 7, 8, 9, TimeSpan.Zero), first.NotAfter);
        Assert.Equal(first.NotBefore.UtcDateTime, x509.NotBefore.ToUniversalTime());
        Assert.Equal(first.NotAfter.UtcDateTime, x509.NotAfter.ToUniversalTime());

        var serial = x509.SerialNumberBytes.Span;
        Assert.Equal(16, serial.Length);
        Assert.True(new BigInteger(serial, isUnsigned: false, isBigEndian: true) > 0);
        Assert.False(serial.SequenceEqual(other.SerialNumberBytes.Span));
    }

    [Fact]
    public void SdpFingerprint_IsSha256OfTheDer_InRfc8122Form()
    {
        var certificate = DtlsCertificate.Create();

        Assert.Matches(Rfc8122Sha256(), certificate.SdpFingerprint);
        var expected = "sha-256 " + string.Join(':', SHA256.HashData(certificate.Der).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, certificate.SdpFingerprint);
        Assert.True(certificate.Fingerprint.Matches(certificate.Der));
        Assert.True(DtlsFingerprint.TryParse(certificate.SdpFingerprint, out var parsed) && parsed.Equals(certificate.Fingerprint));
    }

    [Fact]
    public void Create_RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => DtlsCertificate.Create(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsCertificate.Create(validity: TimeSpan.Zero));
    }

    [GeneratedRegex("^sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$")]
    private static partial Regex Rfc8122Sha256();
}
