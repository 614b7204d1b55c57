using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed class SrtpKeyExportTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12)]
    public void Split_FollowsRfc5764Section4_2Order(SrtpProfile profile, int keyLength, int saltLength)
    {
        // Byte i of the exporter output has value i, so each slice names its own offsets.
        var material = Enumerable.Range(0, SrtpKeyExport.MaterialLength(profile)).Select(i => (byte)i).ToArray();
        byte[] Slice(int offset, int length) => material.AsSpan(offset, length).ToArray();
        var clientKey = Slice(0, keyLength);
        var serverKey = Slice(keyLength, keyLength);
        var clientSalt = Slice(2 * keyLength, saltLength);
        var serverSalt = Slice((2 * keyLength) + saltLength, saltLength);

        var client = SrtpKeyExport.Split(material, profile, DtlsRole.Client);
        var server = SrtpKeyExport.Split(material, profile, DtlsRole.Server);

        Assert.Equal(profile, client.Profile);
        Assert.Equal(clientKey, client.LocalMasterKey);
        Assert.Equal(clientSalt, client.LocalMasterSalt);
        Assert.Equal(serverKey, client.RemoteMasterKey);
        Assert.Equal(serverSalt, client.RemoteMasterSalt);
        Assert.Equal(serverKey, server.LocalMasterKey);
        Assert.Equal(serverSalt, server.LocalMasterSalt);
        Assert.Equal(clientKey, server.RemoteMasterKey);
        Assert.Equal(clientSalt, server.RemoteMasterSalt);
    }

    [Fact]
    public void Split_RejectsTheWrongLength() =>
        Assert.Throws<ArgumentException>(() => SrtpKeyExport.Split(new byte[59], SrtpProfile.AesCm128HmacSha1Tag80, DtlsRole.Client));
}
