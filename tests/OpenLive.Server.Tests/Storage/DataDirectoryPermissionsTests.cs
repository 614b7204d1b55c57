using OpenLive.Testing;

namespace OpenLive.Server.Tests.Storage;

/// <summary>
/// The data directory holds every secret of the node (app keys in openlive.db, the dev app's key, the admin key): it is
/// owner-only (0700) and each file in it is created owner-only (0600), never readable by other local users.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionsTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task ANewDataDirectory_AndEveryFileTheServerWrites_AreOwnerOnly()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-perm-" + Guid.NewGuid().ToString("N"), "data");
        await using (var server = await TestServer.StartAsync(null, "--data", data))
        {
            // A login writes a tinyId: the database and its WAL and shared-memory files exist now.
            await using var client = await server.LoggedInClientAsync("perm_user");
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            foreach (var name in new[] { "openlive.db", "openlive.db-wal", "openlive.db-shm", "dev-app.json", "admin-key" })
            {
                var path = Path.Combine(data, name);
                Assert.True(File.Exists(path), $"{name} exists");
                Assert.True(File.GetUnixFileMode(path) == OwnerOnlyFile, $"{name} is {File.GetUnixFileMode(path)}");
            }
        }

        Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
    }

    [Fact]
    public void ADatabaseInASharedStickyDirectory_IsOwnerOnly_AndLeavesTheDirectoryShared()
    {
        // A store opened straight in /tmp (a test, or an operator's --data /tmp) must not narrow /tmp itself: every
        // other local user, postgres's initdb included, would lose it.
        const UnixFileMode Shared = UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var shared = Path.Combine(Path.GetTempPath(), "openlive-sticky-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, Shared);

        var path = Path.Combine(shared, "openlive.db");
        using (var connection = new OpenLive.Server.Storage.SqliteDatabase(path).Open())
        {
            Assert.Equal(Shared, File.GetUnixFileMode(shared));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(shared, recursive: true);
    }

    [Fact]
    public async Task AnExistingWorldReadableDataDirectory_IsMadeOwnerOnly()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-perm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        // A dev-app.json left world-readable by an older version.
        var devApp = Path.Combine(data, "dev-app.json");
        await File.WriteAllTextAsync(devApp, "{}", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(devApp, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (var server = await TestServer.StartAsync(null, "--data", data))
        {
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(devApp));
        }

        Directory.Delete(data, recursive: true);
    }
}
