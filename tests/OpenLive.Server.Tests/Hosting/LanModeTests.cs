using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// <c>--lan</c>'s certificate: made once for the address and the host name, kept in the data directory readable by its
/// owner only, reused until it nears its end or the address changes. (The LAN path end to end, a phone's browser in
/// another network namespace, is tests/web/demo/lan.test.ts.)
/// </summary>
public sealed class LanModeTests : IDisposable
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.0.2.20");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "openlive-lan-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheCertificate_NamesTheAddressAndHost_AndItsFilesAreOwnerOnly()
    {
        using var certificate = LanMode.KeptCertificate(_data, Lan, "studio-pc", DateTimeOffset.UtcNow);

        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(Lan, san.EnumerateIPAddresses());
        Assert.Contains("studio-pc", san.EnumerateDnsNames());
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_data));
        foreach (var file in new[] { LanMode.CertificateFileName, LanMode.KeyFileName })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, file)));
        }
    }

    [Fact]
    public void TheCertificate_IsReused_UntilItNearsItsEnd_OrTheAddressChanges()
    {
        var now = DateTimeOffset.UtcNow;
        using var first = LanMode.KeptCertificate(_data, Lan, "studio-pc", now);
        using var again = LanMode.KeptCertificate(_data, Lan, "studio-pc", now.AddDays(100));
        Assert.Equal(first.Thumbprint, again.Thumbprint);

        using var nearItsEnd = LanMode.KeptCertificate(_data, Lan, "studio-pc", now.AddDays(360));
        Assert.NotEqual(first.Thumbprint, nearItsEnd.Thumbprint);

        using var moved = LanMode.KeptCertificate(_data, IPAddress.Parse("192.0.2.21"), "studio-pc", now.AddDays(360));
        Assert.NotEqual(nearItsEnd.Thumbprint, moved.Thumbprint);
    }

    [Fact]
    public void AnAddressNotOnThisMachine_StopsTheStart_SayingSo()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(["--dev", "--data", _data, "--lan", "198.51.100.77"]));
        Assert.Contains("--lan 198.51.100.77: no interface of this machine has that address", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoopbackAddress_IsNoLanAddress()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(["--dev", "--data", _data, "--lan", "127.0.0.1"]));
        Assert.Contains("give this machine's address on the LAN", failure.Message, StringComparison.Ordinal);
    }
}
