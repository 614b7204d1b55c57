using System.Security.Cryptography;
using System.Text;
using CsCheck;
using OpenLive.Rtc.Dtls;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // FIPS 180-2 Appendix B.1: SHA-256("abc").
    private const string AbcSha256 = "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    [Fact]
    public void Compute_FormatsTheFipsVector_AsRfc8122Text() =>
        Assert.Equal(AbcSha256, DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, "abc"u8).ToString());

    [Fact]
    public void TryParse_ReadsTheRfc4572Example()
    {
        // RFC 4572 §5 (kept by RFC 8122 §5): a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
        Assert.True(DtlsFingerprint.TryParse("SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", out var fingerprint));
        Assert.Equal(FingerprintHashFunction.Sha1, fingerprint.HashFunction);
        Assert.Equal(Convert.FromHexString("4AADB9B13F82183B540212DF3E5D496B19E57CAB"), fingerprint.Digest.ToArray());
        Assert.Equal("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", fingerprint.ToString());
    }

    [Theory]
    [InlineData(FingerprintHashFunction.Sha1, 20)]
    [InlineData(FingerprintHashFunction.Sha256, 32)]
    [InlineData(FingerprintHashFunction.Sha384, 48)]
    [InlineData(FingerprintHashFunction.Sha512, 64)]
    public void Compute_HasTheDigestLength_AndRoundTrips(FingerprintHashFunction hash, int length)
    {
        var fingerprint = DtlsFingerprint.Compute(hash, "certificate"u8);
        Assert.Equal(length, fingerprint.Digest.Length);
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed));
        Assert.Equal(fingerprint, parsed);
        Assert.Equal(fingerprint.GetHashCode(), parsed.GetHashCode());
        Assert.True(parsed.Matches("certificate"u8));
        Assert.False(parsed.Matches("certificatf"u8));
    }

    [Theory]
    [InlineData("sha-256 ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad")]
    [InlineData("SHA-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD")]
    [InlineData("  sha-256\t BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD\r\n")]
    public void TryParse_IsLiberalInCaseAndSpacing(string text)
    {
        Assert.True(DtlsFingerprint.TryParse(text, out var fingerprint));
        Assert.Equal(AbcSha256, fingerprint.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B")]
    [InlineData("sha-224 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B")]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C")]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:CD")]
    [InlineData("sha-1 4A-AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")]
    [InlineData("sha-1 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")]
    [InlineData("sha-1 4AADB9B13F82183B540212DF3E5D496B19E57CAB")]
    [InlineData("sha-1 :4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:A")]
    public void TryParse_RejectsMalformedOrUnsupported(string text) =>
        Assert.False(DtlsFingerprint.TryParse(text, out _));

    [Fact]
    public void AnyMatches_UsesOnlyTheStrongestHashPresent()
    {
        var der = "the certificate"u8.ToArray();
        var goodSha256 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);
        var goodSha1 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha1, der);
        var otherSha256 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, "another certificate"u8);
        var otherSha512 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha512, "another certificate"u8);

        Assert.True(DtlsFingerprint.AnyMatches([goodSha256], der));
        Assert.True(DtlsFingerprint.AnyMatches([otherSha256, goodSha256], der));
        Assert.True(DtlsFingerprint.AnyMatches([goodSha1, goodSha256], der));
        Assert.False(DtlsFingerprint.AnyMatches([otherSha256], der));
        Assert.False(DtlsFingerprint.AnyMatches([], der));

        // A matching weak hash does not outvote a non-matching strong one.
        Assert.False(DtlsFingerprint.AnyMatches([goodSha256, otherSha512], der));
        Assert.False(DtlsFingerprint.AnyMatches([goodSha1, otherSha256], der));
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows() =>
        Gen.OneOf(Gen.Char['0', ':'], Gen.Char['A', 'G'], Gen.Char['a', 'g'], Gen.OneOf<char>(' ', '\t', '-', 's', 'h', '\0', 'é'))
            .Array[0, 200]
            .Sample(chars => !DtlsFingerprint.TryParse(chars, out var parsed) || DtlsFingerprint.TryParse(parsed.ToString(), out _), iter: 5000);

    [Fact]
    public void TryParse_MutatedValidText_NeverThrows_AndRoundTripsWhenAccepted()
    {
        var valid = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, "x"u8).ToString();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char, Gen.Int[0, valid.Length]).Sample((position, c, cut) =>
        {
            var mutated = new StringBuilder(valid) { [position] = c }.ToString()[..cut];
            return !DtlsFingerprint.TryParse(mutated, out var parsed)
                || (DtlsFingerprint.TryParse(parsed.ToString(), out var again) && again.Equals(parsed));
        }, iter: 5000);
    }

    [Fact]
    public void Matches_AllocatesNothing()
    {
        var der = RandomNumberGenerator.GetBytes(600);
        var fingerprint = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);
        IReadOnlyList<DtlsFingerprint> expected = [fingerprint];
        Assert.True(fingerprint.Matches(der) && DtlsFingerprint.AnyMatches(expected, der));

        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            fingerprint.Matches(der);
            DtlsFingerprint.AnyMatches(expected, der);
        }));
    }
}
