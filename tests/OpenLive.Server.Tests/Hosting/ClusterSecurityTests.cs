using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenLive.Sdk;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// The Orleans ports of a cluster: mutual TLS between nodes with the cluster's CA, so that a machine that reaches a
/// silo port without a node certificate cannot join the cluster or call grains (join, dismiss, kick) behind the
/// userSig and admin-key checks. Two real nodes against a real redis-server.
/// </summary>
public sealed class ClusterSecurityTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private PostgresServer _postgres = null!;
    private ClusterCertificates _certificates = null!;
    private string _clusterId = null!;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _postgres = await PostgresServer.StartAsync(); // a cluster's one message store
        _certificates = ClusterCertificates.Create();
        _clusterId = "tls-" + Guid.NewGuid().ToString("N")[..8];
        _nodeA = await TestServer.StartAsync(null, [.. ClusterArgs(), .. _certificates.NodeArgs("node-a")]);
        _nodeB = await TestServer.StartAsync(null, [.. ClusterArgs(), .. _certificates.NodeArgs("node-b")]);
    }

    public ValueTask DisposeAsync() => Teardown.StopAsync(_nodeB, _nodeA, _certificates, _redis, _postgres);

    private string[] ClusterArgs() =>
        ["--cluster", "redis", "--cluster-connection", _redis.ConnectionString, $"--OpenLive:Cluster:ClusterId={_clusterId}",
            "--OpenLive:Store:Messages=postgres", $"--OpenLive:Store:PostgresConnectionString={_postgres.ConnectionString}"];

    private static int SiloPort(TestServer node) =>
        node.Services.GetRequiredService<IOptions<Orleans.Configuration.EndpointOptions>>().Value.SiloPort;

    [Fact]
    public async Task NodesWithTheClustersCertificates_FormOneCluster()
    {
        await using var onA = await _nodeA.LoggedInClientAsync("tls_roamer");
        var kicked = Events.Next<ForcedOfflineEventArgs>(h => onA.ForcedOffline += h);
        await using var onB = await _nodeB.LoggedInClientAsync("tls_roamer");
        Assert.Equal(8050, (await kicked).Reason.Code);
    }

    [Fact]
    public async Task TheSiloPort_SpeaksTls_AndRefusesAPeerWithoutANodeCertificateOfTheCluster()
    {
        var port = SiloPort(_nodeA);
        using var member = ClusterCertificates.Load(_certificates.IssueNode("member"));
        var presented = await HandshakeAsync(port, member);
        Assert.True(presented is not null, "a peer with a node certificate of the cluster completes the TLS handshake");
        Assert.True(ChainsTo(presented, _certificates.CaPath), "the node presents a certificate of the cluster's CA");

        using var strangers = ClusterCertificates.Create("someone else's CA");
        using var stranger = ClusterCertificates.Load(strangers.IssueNode("stranger"));
        Assert.False(await IsAcceptedAsync(port, stranger), "a certificate of another CA is refused");
        Assert.False(await IsAcceptedAsync(port, null), "a peer without a certificate is refused");
    }

    [Fact]
    public async Task ANodeWithoutTheClustersCertificate_CannotJoin()
    {
        using var strangers = ClusterCertificates.Create("someone else's CA");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--media-port", "0", "--dev",
            "--data", Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N")),
            "--silo-port", TestServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. ClusterArgs(), .. strangers.NodeArgs("intruder"),
        ];
        // It may not wait Orleans' default 5 minutes for the other nodes to answer. The nodes, which cannot probe it, vote
        // it dead within seconds (1 s probes); a silo told it is dead ends its process (Environment.FailFast), which here
        // is the test host with every node of the class in it: the intruder's fatal errors only stop the intruder.
        await using var intruder = ServerHost.Build(args, services =>
        {
            services.Configure<Orleans.Configuration.ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(10));
            services.RemoveAll<Orleans.Runtime.IFatalErrorHandler>();
            services.AddSingleton<Orleans.Runtime.IFatalErrorHandler, NonTerminatingFatalErrorHandler>();
        });
        var failure = await Record.ExceptionAsync(() => intruder.StartAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken));
        Assert.NotNull(failure);
        Assert.IsNotType<TimeoutException>(failure);

        // The cluster goes on with its two nodes.
        await using var onB = await _nodeB.LoggedInClientAsync("tls_after_intruder");
        Assert.True(onB.IsLoggedIn);
    }

    /// <summary>The server's certificate when a TLS handshake (as a client presenting <paramref name="certificate"/>) succeeds and the connection stays usable.</summary>
    private static async Task<X509Certificate2?> HandshakeAsync(int port, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await AuthenticateAsync(tls, certificate);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }

        return tls.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
    }

    /// <summary>
    /// False when the handshake fails or, under TLS 1.3 where the client's certificate is judged after the client has
    /// finished, when the server then closes the connection instead of waiting for the Orleans preamble.
    /// </summary>
    private static async Task<bool> IsAcceptedAsync(int port, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await AuthenticateAsync(tls, certificate);
            var read = await tls.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            return read > 0;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }

    /// <summary>The client side of a handshake with a node's silo port, presenting <paramref name="certificate"/> (or none).</summary>
    private static Task AuthenticateAsync(SslStream tls, X509Certificate2? certificate) =>
        tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "openlive-node",
            ClientCertificates = certificate is null ? null : [certificate],
            RemoteCertificateValidationCallback = AnyPresented,
        }).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The node's certificate is judged by <see cref="ChainsTo"/> after the handshake: here any one is taken.</summary>
    private static bool AnyPresented(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => certificate is not null;

    private static bool ChainsTo(X509Certificate2 certificate, string caPath)
    {
        using var ca = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(
            string.Concat(File.ReadAllLines(caPath).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

/// <summary>An in-process node's fatal errors (Orleans' "I have been told I am dead") stop that node, not the test host.</summary>
internal sealed class NonTerminatingFatalErrorHandler(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : Orleans.Runtime.IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) => lifetime.StopApplication();
}
