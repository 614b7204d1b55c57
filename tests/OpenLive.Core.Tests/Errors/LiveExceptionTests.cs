using OpenLive.Core.Errors;

namespace OpenLive.Core.Tests.Errors;

public sealed class LiveExceptionTests
{
    [Fact]
    public void FromILiveCode_CarriesModuleCodeNameAndText()
    {
        var e = new LiveException(ILiveErrorCode.Expire, "sig expired at 2026-01-01");
        Assert.Equal("ILiveSDK", e.Module);
        Assert.Equal(8051, e.Code);
        Assert.Equal("ERR_EXPIRE", e.ConstantName);
        Assert.Equal("Ticket expired (Need to update ticket userSig)", e.Text);
        Assert.Equal("sig expired at 2026-01-01", e.Detail);
        Assert.Equal("ILiveSDK 8051 ERR_EXPIRE: Ticket expired (Need to update ticket userSig) (sig expired at 2026-01-01)", e.Message);
        Assert.True(e.Is(ILiveErrorCode.Expire));
        Assert.False(e.Is(AVErrorCode.Failed));
    }

    [Fact]
    public void FromAVCode_UsesAVSDKModule()
    {
        var e = new LiveException(AVErrorCode.ServerNoPermission);
        Assert.Equal("AVSDK", e.Module);
        Assert.Equal(10003, e.Code);
        Assert.Equal("AVSDK 10003 AV_ERR_SERVER_NO_PERMISSION: No permission", e.Message);
    }

    [Fact]
    public void FromModuleAndCodeOutsideTables_KeepsGivenText()
    {
        var e = new LiveException(ErrorModule.IMSDK, 10010, "group does not exist");
        Assert.Equal("IMSDK", e.Module);
        Assert.Equal(10010, e.Code);
        Assert.Null(e.ConstantName);
        Assert.Equal("group does not exist", e.Text);
        Assert.Equal("IMSDK 10010: group does not exist", e.Message);
    }

    [Fact]
    public void FromModuleAndCodeInTables_UsesTableText()
    {
        var e = new LiveException(ErrorModule.AVSDK, 1005, "whatever the server said");
        Assert.Equal("AV_ERR_TIMEOUT", e.ConstantName);
        Assert.Equal("Timeout", e.Text);
    }

    [Fact]
    public void StandardConstructors_MeanSdkFailed()
    {
        var inner = new InvalidOperationException("boom");
        var e = new LiveException("wrapped", inner);
        Assert.Equal(8020, e.Code);
        Assert.Same(inner, e.InnerException);
    }
}
