using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>Where the Orleans ports listen, and what a cluster must configure before it starts.</summary>
public sealed class ClusterEndpointTests
{
    private static string NewData() => Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));

    // Built, never started: the PostgreSQL message store a cluster needs is named, not reached.
    private static string[] Redis(params string[] more) =>
        ["--dev=false", "--data", NewData(), "--cluster", "redis", "--cluster-connection", "127.0.0.1:1",
            "--OpenLive:Store:Messages=postgres", "--OpenLive:Store:PostgresConnectionString=Host=127.0.0.1;Port=1", .. more];

    private static Orleans.Configuration.EndpointOptions Endpoints(Microsoft.AspNetCore.Builder.WebApplication app) =>
        app.Services.GetRequiredService<IOptions<Orleans.Configuration.EndpointOptions>>().Value;

    [Fact]
    public async Task TheSiloListens_OnTheAdvertisedAddressOnly_NotOnEveryInterface()
    {
        await using var app = ServerHost.Build(Redis("--OpenLive:Cluster:AdvertisedAddress=192.0.2.2", "--OpenLive:Cluster:AllowInsecure=true"));
        var endpoints = Endpoints(app);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), endpoints.SiloListeningEndpoint?.Address);
    }

    [Fact]
    public async Task AnExplicitListenAddress_IsUsed_AndTheAdvertisedOneIsStillAdvertised()
    {
        await using var app = ServerHost.Build(Redis(
            "--OpenLive:Cluster:AdvertisedAddress=203.0.113.7", "--OpenLive:Cluster:ListenAddress=192.0.2.2", "--OpenLive:Cluster:AllowInsecure=true"));
        var endpoints = Endpoints(app);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), endpoints.SiloListeningEndpoint?.Address);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), endpoints.AdvertisedIPAddress);
    }

    [Fact]
    public async Task ThereIsNoClientGateway_UnlessAPortIsConfigured()
    {
        await using (var app = ServerHost.Build(["--dev=false", "--data", NewData()]))
        {
            Assert.Equal(0, Endpoints(app).GatewayPort);
        }

        var port = TestServer.FreePort();
        await using (var app = ServerHost.Build(["--dev=false", "--data", NewData(), "--gateway-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            Assert.Equal(port, Endpoints(app).GatewayPort);
        }
    }

    [Fact]
    public async Task ALoneNode_WithSiloPortZero_ListensOnAPortTheOsPicked_SoTwoShareAMachine()
    {
        // TestServer starts every server with --silo-port 0.
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();
        var listening = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners();
        foreach (var server in new[] { first, second })
        {
            var endpoints = server.Services.GetRequiredService<IOptions<Orleans.Configuration.EndpointOptions>>().Value;
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, 0), endpoints.SiloListeningEndpoint);
            Assert.Equal(ClusterEndpoints.LoneNodeAdvertisedSiloPort, endpoints.SiloPort);
            Assert.DoesNotContain(listening, l => l.Port == ClusterEndpoints.LoneNodeAdvertisedSiloPort);
        }

        // Both serve: a login on each reaches its own grains.
        await using var onFirst = await first.LoggedInClientAsync("alone_1");
        await using var onSecond = await second.LoggedInClientAsync("alone_2");
        Assert.True(onFirst.IsLoggedIn && onSecond.IsLoggedIn);
    }

    [Fact]
    public void RedisMembership_WithSiloPortZero_RefusesToStart_TheOtherNodesDialIt()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(Redis("--OpenLive:Cluster:AllowInsecure=true", "--silo-port", "0")));
        Assert.Contains("OpenLive:Cluster:SiloPort", failure.Message, StringComparison.Ordinal);
        Assert.Contains("localhost membership only", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisMembership_WithoutTls_RefusesToStart_UnlessInsecureIsExplicit()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(Redis()));
        Assert.Contains("Cluster:Tls", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:AllowInsecure", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACluster_WithEachNodesOwnSqliteMessageStore_RefusesToStart()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(
            ["--dev=false", "--data", NewData(), "--cluster", "redis", "--cluster-connection", "127.0.0.1:1", "--OpenLive:Cluster:AllowInsecure=true"]));
        Assert.Contains("OpenLive:Store:Messages=postgres", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadNode_IsDeclaredDeadWithinAboutTwoSeconds_ByDefault_AndTheProbingIsConfigurable()
    {
        await using (var app = ServerHost.Build(Redis("--OpenLive:Cluster:AllowInsecure=true")))
        {
            var membership = app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterMembershipOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
            Assert.Equal(2, membership.NumMissedProbesLimit);
        }

        await using (var app = ServerHost.Build(Redis("--OpenLive:Cluster:AllowInsecure=true", "--OpenLive:Cluster:ProbeTimeout=00:00:02", "--OpenLive:Cluster:MissedProbesLimit=3")))
        {
            var membership = app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterMembershipOptions>>().Value;
            Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
            Assert.Equal(3, membership.NumMissedProbesLimit);
        }
    }

    [Fact]
    public void ATlsSettingThatCannotBeLoaded_StopsTheStart_WithTheSettingsName()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(Redis(
            "--OpenLive:Cluster:Tls:CertificatePath=/nonexistent/node.pfx", "--OpenLive:Cluster:Tls:CaCertificatePath=/nonexistent/ca.pem")));
        Assert.Contains("Cluster:Tls:CertificatePath", failure.Message, StringComparison.Ordinal);
    }
}
