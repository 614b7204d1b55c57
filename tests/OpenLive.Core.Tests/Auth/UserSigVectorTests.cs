using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using static OpenLive.Core.Tests.Auth.TlsSigVectors;

namespace OpenLive.Core.Tests.Auth;

public sealed class UserSigVectorTests
{
    [Theory]
    [InlineData(PythonUserSig)]
    [InlineData(NodeUserSig)]
    public void TencentVectors_VerifyAtTheirTime(string sig)
    {
        var verifier = new UserSigVerifier(AppId, Key, TestClock.At(Time + 60));
        var result = verifier.Verify(User, sig);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Time, result.Ticket!.Time);
        Assert.Equal(Expire, result.Ticket.Expire);
        Assert.Equal(Mac, Convert.ToBase64String(result.Ticket.Signature));
    }

    [Fact]
    public void TencentVectors_ExpireAfterTheirLifetime()
    {
        Assert.True(new UserSigVerifier(AppId, Key, TestClock.At(Time + Expire)).Verify(User, PythonUserSig).IsValid);
        Assert.Equal(UserSigStatus.Expired, new UserSigVerifier(AppId, Key, TestClock.At(Time + Expire + 1)).Verify(User, PythonUserSig).Status);
    }

    [Fact]
    public void Generator_ProducesTheVectorMac_AtTheVectorTime()
    {
        var sig = new UserSigGenerator(AppId, Key, TestClock.At(Time)).GenUserSig(User, Expire);
        Assert.True(UserSigDecoder.TryDecode(sig, out var ticket, out var error), error);
        Assert.Equal(Mac, Convert.ToBase64String(ticket.Signature));
        Assert.Equal("2.0", ticket.Version);
        Assert.Equal(User, ticket.Identifier);
        Assert.Equal(AppId, ticket.SdkAppId);
        Assert.Null(ticket.UserBuf);
    }

    [Fact]
    public void Generator_ProducesThePrivateMapKeyVector()
    {
        var sig = new UserSigGenerator(AppId, Key, TestClock.At(Time)).GenPrivateMapKey(User, Expire, 10000, AuthBits.All);
        Assert.True(UserSigDecoder.TryDecode(sig, out var ticket, out var error), error);
        Assert.Equal(PrivateMapKeyUserBuf, Convert.ToBase64String(ticket.UserBuf!));
        Assert.Equal(PrivateMapKeyMac, Convert.ToBase64String(ticket.Signature));
        var key = ticket.PrivateMapKey!;
        Assert.Equal((uint)(Time + Expire), key.ExpiresAtUnixSeconds);
        Assert.Equal(AuthBits.All, key.Privileges);
        Assert.True(key.IsForRoom(10000u));
    }

    [Fact]
    public void PrivateMapKeyVector_LayoutMatchesTheReferenceHex()
    {
        var bytes = Convert.FromBase64String(PrivateMapKeyUserBuf);
        Assert.Equal("0000077869616f6a756e53724e0000002710604b5e00000000ff00000000", Convert.ToHexStringLower(bytes));
        Assert.True(PrivateMapKey.TryParse(bytes, out var key));
        Assert.Equal(new PrivateMapKey(User, AppId, 10000, null, 1615552000, 255), key);
        Assert.Equal(bytes, key.ToArray());
    }
}
