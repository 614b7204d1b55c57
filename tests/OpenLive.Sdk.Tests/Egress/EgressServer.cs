using Microsoft.Extensions.DependencyInjection;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Application.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Egress;

/// <summary>
/// The real server with <see cref="RecordingEgressHost"/> as its egress host, an egress policy that lets role
/// <c>LiveGuest</c> start egress, small channel limits, a generous request rate (the flood test uses its own server) and
/// an RTMP ingest for the dev app whose URL carries credentials.
/// </summary>
public sealed class EgressServer : IAsyncLifetime
{
    public const string Ingest = "rtmp://127.0.0.1:19350/live/show-key?token=secret";

    internal RecordingEgressHost Host { get; } = new();

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await TestServer.StartWithServicesAsync(
        services => services.AddSingleton<IEgressHost>(Host),
        "--OpenLive:EgressPolicy:Roles:0=LiveGuest",
        "--OpenLive:EgressPolicy:MaxChannelsPerMember=2",
        "--OpenLive:EgressPolicy:MaxChannelsPerRoom=3",
        "--OpenLive:EgressPolicy:MaxRequestsPerSecond=100",
        $"--OpenLive:Egress:Live:Apps:1400000000:RtmpUrls:0={Ingest}").ConfigureAwait(false);

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>The room grain's key of room <paramref name="number"/> of the dev app.</summary>
    public string RoomKey(uint number) => RoomKeys.Validate(Server.AppId, new RoomId { Number = number }).GrainKey;
}
