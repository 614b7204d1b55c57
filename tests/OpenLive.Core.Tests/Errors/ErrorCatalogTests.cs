using OpenLive.Core.Errors;

namespace OpenLive.Core.Tests.Errors;

public sealed class ErrorCatalogTests
{
    [Fact]
    public void Get_ByTypedCode_GivesConstantNameAndText()
    {
        var info = ErrorCatalog.Get(ILiveErrorCode.KickOut);
        Assert.Equal("ERR_KICK_OUT", info.ConstantName);
        Assert.Equal(8050, info.Code);
        Assert.Equal("ILiveSDK", info.ModuleString);
        Assert.Equal("Kicked offline", info.Description.En);
        Assert.Equal("被踢下线", info.Description.Zh);
        Assert.Null(info.Reason);
        Assert.Equal("AV_ERR_SERVER_NO_PERMISSION", AVErrorCode.ServerNoPermission.ConstantName());
        Assert.Equal("AVSDK", ErrorCatalog.Get(AVErrorCode.ServerNoPermission).ModuleString);
    }

    [Theory]
    [InlineData("8051", "ERR_EXPIRE")]
    [InlineData("ERR_EXPIRE", "ERR_EXPIRE")]
    [InlineData("err_expire", "ERR_EXPIRE")]
    [InlineData("Expire", "ERR_EXPIRE")]
    [InlineData(" 10003 ", "AV_ERR_SERVER_NO_PERMISSION")]
    [InlineData("AV_ERR_IMSDK_TIMEOUT", "AV_ERR_IMSDK_TIMEOUT")]
    public void Find_ResolvesNumbersAndNames(string query, string expected)
    {
        var found = Assert.Single(ErrorCatalog.Find(query));
        Assert.Equal(expected, found.ConstantName);
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("ERR_NOPE")]
    [InlineData("")]
    public void Find_Unknown_IsEmpty(string query) => Assert.Empty(ErrorCatalog.Find(query));

    [Fact]
    public void TryGet_IsPerModule()
    {
        Assert.True(ErrorCatalog.TryGet(ErrorModule.AVSDK, 10010, out var av));
        Assert.Equal("AV_ERR_SERVER_ENDPOINT_NOT_EXIST", av.ConstantName);
        Assert.False(ErrorCatalog.TryGet(ErrorModule.IMSDK, 10010, out _));
        Assert.False(ErrorCatalog.TryGet(ErrorModule.ILiveSDK, 10010, out _));
    }

    [Fact]
    public void ModuleStrings_AreExact()
    {
        Assert.Equal(["ILiveSDK", "AVSDK", "IMSDK", "TLSSDK"], Enum.GetValues<ErrorModule>().Select(m => m.ToModuleString()));
        Assert.True(ErrorModuleNames.TryParse("IMSDK", out var im));
        Assert.Equal(ErrorModule.IMSDK, im);
        Assert.False(ErrorModuleNames.TryParse("imsdk", out _));
    }
}
