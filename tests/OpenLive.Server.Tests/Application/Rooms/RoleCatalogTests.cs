using Microsoft.Extensions.Configuration;
using OpenLive.Server.Application.Rooms;

namespace OpenLive.Server.Tests.Application.Rooms;

/// <summary>The room policy <see cref="RoleCatalog"/> reads: self-promotion is off unless configured, per app or for all.</summary>
public sealed class RoleCatalogTests
{
    private static RoleCatalog Catalog(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void SelfPromotion_IsOffByDefault_AndConfigurableForAllAppsOrOne()
    {
        Assert.False(Catalog().AllowsSelfPromotion(1400000000));

        var all = Catalog(("OpenLive:Rooms:SelfPromotion", "true"), ("OpenLive:Rooms:SelfPromotionByApp:1400000001", "false"));
        Assert.True(all.AllowsSelfPromotion(1400000000));
        Assert.False(all.AllowsSelfPromotion(1400000001));

        var one = Catalog(("OpenLive:Rooms:SelfPromotionByApp:1400000002", "true"));
        Assert.True(one.AllowsSelfPromotion(1400000002));
        Assert.False(one.AllowsSelfPromotion(1400000000));
    }

    [Fact]
    public void AnUnreadableSetting_FailsLoudly()
    {
        Assert.Throws<InvalidOperationException>(() => Catalog(("OpenLive:Rooms:SelfPromotion", "maybe")));
    }

    [Fact]
    public async Task AnUnreadableSetting_StopsTheServerAtStart_NotAtTheFirstRoomRequest()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<InvalidOperationException>(() => OpenLive.Server.Hosting.ServerHost.Build(
            ["--data", data, "--urls", "http://127.0.0.1:0", "--OpenLive:Rooms:SelfPromotion=maybe"]));
        await using var app = OpenLive.Server.Hosting.ServerHost.Build(["--data", data, "--urls", "http://127.0.0.1:0", "--OpenLive:Rooms:SelfPromotion=true"]);
        Assert.NotNull(app);
    }
}
