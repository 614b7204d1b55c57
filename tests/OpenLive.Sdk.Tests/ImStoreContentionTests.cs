using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// Writers queue behind a held SQLite write lock (the test holds BEGIN EXCLUSIVE). Each queued write must fail on its
/// own bounded budget with the IMSDK store error — never add up its queueing and lock waits until it meets the
/// client's 10 s request timeout, which is the race that made store tests fail under load.
/// </summary>
public sealed class ImStoreContentionTests
{
    private static readonly TimeSpan WellUnderTheRequestTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WritesQueuedBehindAHeldLock_EachFailWithinTheStoreBudget_WithIMSDK20005()
    {
        await using var server = await TestServer.StartAsync();
        await (await server.LoggedInClientAsync("isc_bob")).DisposeAsync();
        var senders = new List<LiveClient>();
        for (var i = 0; i < 3; i++)
        {
            senders.Add(await server.LoggedInClientAsync($"isc_sender{i}"));
        }

        try
        {
            using var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "openlive.db")}");
            blocker.Open();
            using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN EXCLUSIVE;";
            hold.ExecuteNonQuery();

            var outcomes = await Task.WhenAll(senders.Select(async sender =>
            {
                var clock = Stopwatch.StartNew();
                var e = await Assert.ThrowsAsync<LiveException>(() => sender.SendC2CMessageAsync("isc_bob", LiveMessage.Text("blocked")));
                return (e.Module, e.Code, clock.Elapsed);
            }));

            hold.CommandText = "ROLLBACK;";
            hold.ExecuteNonQuery();
            foreach (var (module, code, elapsed) in outcomes)
            {
                Assert.Equal(("IMSDK", ImErrors.MessageInternalError), (module, code));
                Assert.True(elapsed < WellUnderTheRequestTimeout, $"a queued write took {elapsed.TotalSeconds:F1} s to fail");
            }

            // The store works again at once.
            Assert.Equal(1UL, (await senders[0].SendC2CMessageAsync("isc_bob", LiveMessage.Text("free"))).Seq);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }
    }
}
