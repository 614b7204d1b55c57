using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>The recorder's settings (<c>OpenLive:Egress</c>) are checked when the server starts, and the directory defaults beside the data.</summary>
public sealed class RecordingStorageOptionsTests
{
    [Theory]
    [InlineData("--OpenLive:Egress:MaxRecordings=0")]
    [InlineData("--OpenLive:Egress:TrackWait=00:05:00")]
    [InlineData("--OpenLive:Egress:DrainInterval=00:00:00")]
    public async Task AnOutOfRangeSetting_StopsTheServerAtStart(string setting)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var server = await TestServer.StartAsync(null, setting);
        });
        Assert.Contains(setting.Split(':')[^1].Split('=')[0], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRecordingsDirectory_DefaultsToRecordingsInTheDataDirectory()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(
            Path.GetFullPath(Path.Combine(server.DataDirectory, "recordings")),
            server.Services.GetRequiredService<EgressHost>().RecordingsDirectory);
    }
}
