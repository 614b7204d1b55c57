using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>The embedded TURN server in the host: off by default, validated at start, serving its turn: URLs when on.</summary>
public sealed class EmbeddedTurnHostTests
{
    private const string Secret = "embedded-turn-host-test-secret-0123456789";

    private static string[] TurnArgs(params string[] more) =>
        ["--turn-embedded", "--turn-port", "0", "--turn-tcp-port", "0", "--turn-relay-ports", FreeRelayPorts(), .. more];

    /// <summary>
    /// A relay port range that was free when the test started: the system picks the first port, the rest are bound
    /// here too, then all are released for the server (a fixed range could be held by any other process).
    /// </summary>
    private static string FreeRelayPorts(int count = 8)
    {
        const int attempts = 50;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var held = new List<Socket>(count);
            try
            {
                var first = Bind(0);
                held.Add(first);
                var firstPort = ((IPEndPoint)first.LocalEndPoint!).Port;
                if (firstPort + count - 1 > IPEndPoint.MaxPort)
                {
                    continue;
                }

                for (var port = firstPort + 1; port < firstPort + count; port++)
                {
                    held.Add(Bind(port));
                }

                return $"{firstPort}-{firstPort + count - 1}";
            }
            catch (SocketException)
            {
                // One of the following ports is taken: another first port.
            }
            finally
            {
                held.ForEach(socket => socket.Dispose());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free UDP ports in {attempts} tries.");

        static Socket Bind(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                throw;
            }
        }
    }

    [Fact]
    public async Task Default_IsOff_AndServesNoUrls()
    {
        await using var server = await TestServer.StartAsync();
        var host = server.Services.GetRequiredService<EmbeddedTurnHost>();
        Assert.Empty(host.Urls);
        Assert.Null(host.Server);
    }

    [Fact]
    public async Task TurnEmbedded_WithoutASecret_RefusesToStart()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, TurnArgs()));
        Assert.Contains("OpenLive:Turn:Secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnEmbedded_WithAShortSecret_RefusesToStart_WithoutSayingIt()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, TurnArgs("--OpenLive:Turn:Secret=too-short-secret")));
        Assert.DoesNotContain("too-short-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnEmbedded_ServesUdpAndTcpUrls_AnswersOnThem_AndNeverLogsTheSecret()
    {
        var logs = new CapturedLogs();
        await using var server = await TestServer.StartWithServicesAsync(
            services => services.AddSingleton<ILoggerProvider>(logs), TurnArgs($"--OpenLive:Turn:Secret={Secret}"));
        var host = server.Services.GetRequiredService<EmbeddedTurnHost>();
        var turn = host.Server!;

        Assert.Equal(
            [$"turn:127.0.0.1:{turn.UdpEndPoint.Port}?transport=udp", $"turn:127.0.0.1:{turn.TcpEndPoint!.Port}?transport=tcp"],
            host.Urls);
        // The relay reaches the SFU's own UDP endpoint and nothing else.
        var media = server.Services.GetRequiredService<Sfu.SfuEngine>();
        Assert.Contains(media.LocalEndPoint, turn.AllowedPeers);

        // A STUN Binding request on the UDP port is answered (RFC 8489 §6.3.1: success 0x0101, same transaction).
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(turn.UdpEndPoint);
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8));
        udp.Send(request);
        var response = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await udp.ReceiveAsync(response, SocketFlags.None, timeout.Token);
        Assert.Equal(0x0101, BinaryPrimitives.ReadUInt16BigEndian(response));
        Assert.Equal(request.AsSpan(8).ToArray(), response.AsSpan(8, 12).ToArray());
        Assert.True(received > 20);

        Assert.Contains(logs.Lines, l => l.Contains("TURN: listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TurnEmbedded_ItsUrlsReachEveryLogin_WithACredentialSignedByTheSecretFromTheSecretFile()
    {
        // The secret comes from --turn-secret-file (0600), the way an operator keeps it out of `ps`: the embedded server
        // and the login's credential issuer must read the same one.
        var secretFile = Path.Combine(Path.GetTempPath(), $"openlive-turn-secret-{Guid.NewGuid():N}");
        File.WriteAllText(secretFile, Secret + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            await using var server = await TestServer.StartAsync(null, TurnArgs("--turn-secret-file", secretFile));
            var host = server.Services.GetRequiredService<EmbeddedTurnHost>();
            await using var client = server.NewClient();
            await client.LoginAsync("turn_carol", server.Sig("turn_carol"), TestContext.Current.CancellationToken);

            var relay = Assert.Single(client.IceServers);
            Assert.Equal(host.Urls, relay.Urls);
            Assert.EndsWith(":turn_carol", relay.Username, StringComparison.Ordinal);
#pragma warning disable CA5350 // HMAC-SHA1 is the TURN REST API's definition; computed independently here.
            using var hmac = new HMACSHA1(System.Text.Encoding.UTF8.GetBytes(Secret));
#pragma warning restore CA5350
            Assert.Equal(Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(relay.Username!))), relay.Credential);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }
}
