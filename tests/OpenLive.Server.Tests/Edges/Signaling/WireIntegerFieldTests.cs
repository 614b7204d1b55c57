using CsCheck;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>
/// Every integer field of every request (counts, ids, seqs, timestamps, sizes, bitrates, roles, enums — at any depth)
/// at extreme values (0, -1, int and long limits, 2^32, uint and ulong maximums), sent through the real server over a
/// real WebSocket. Each request must get a clear answer — a result, or an error with a seed-table code — never a crash
/// (AVSDK 10001 "see its log"), a connection that ends without an answer, or an exception in the server's log.
/// </summary>
public sealed class WireIntegerFieldTests
{
    private const string Peer = "wif_peer";

    [Fact]
    public async Task ExtremeIntegers_InEveryRequestType_GetAClearAnswer()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxFramesPerSecond=10000", "--OpenLive:MaxMessagesPerSecond=10000");
        var log = CapturedServerLog.Attach(server);
        await using var peer = await server.LoggedInClientAsync(Peer);
        var types = WireRequests.RequestTypes;
        var probes = new Dictionary<(bool LoggedIn, bool InRoom), SignalingProbe>();
        var users = 0;

        // One request type, per integer field an index into the extremes, and whether the client is in a room. A probe
        // connection is reused until a request may have changed its session (login, logout, room changes) or it died.
        var gen = Gen.Select(Gen.Int[0, types.Count - 1], Gen.Int[0, WireRequests.Extremes.Length - 1].Array[24], Gen.Bool);
        try
        {
            await gen.SampleAsync(async (type, picks, inRoom) =>
            {
                var name = types[type].Name;
                var slot = (LoggedIn: name != "login", InRoom: inRoom);
                if (!probes.TryGetValue(slot, out var client) || !await client.IsAliveAsync())
                {
                    if (client is not null)
                    {
                        await client.DisposeAsync();
                    }

                    client = probes[slot] = await SignalingProbe.ConnectAsync(server, $"wif_{users++}", slot.LoggedIn, slot.InRoom);
                }

                var frame = WireRequests.Request(types[type], 77, i => WireRequests.Extremes[picks[i % picks.Length]], field => client.Text(field, Peer));
                var reply = await client.AskAsync(frame);

                Assert.True(reply is not null, $"{name}: the connection ended without an answer to {frame}");
                if (reply.Error is { } error)
                {
                    Assert.True(WireRequests.IsClearError(error, out var why), $"{name}: unclear error {why} for {frame}");
                }

                Assert.True(await client.IsAliveAsync(), $"{name}: the connection did not survive {frame}");
                if (name is "login" or "logout" or "create_room" or "join_room" or "switch_room" or "quit_room" or "dismiss_room" or "change_role" or "answer_co_host_invite")
                {
                    probes.Remove(slot);
                    await client.DisposeAsync();
                }
            }, iter: 250, threads: 1);
        }
        finally
        {
            foreach (var probe in probes.Values)
            {
                await probe.DisposeAsync();
            }
        }

        Assert.Empty(log.Failures);
    }
}
