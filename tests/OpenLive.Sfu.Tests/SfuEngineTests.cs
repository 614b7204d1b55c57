using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests;

/// <summary>The engine through its public API, as the control plane uses it: rooms by key, on a real loopback socket.</summary>
public sealed class SfuEngineTests
{
    internal static SfuEngine NewEngine() =>
        new(Options.Create(new SfuOptions { Port = 0 }), TimeProvider.System, NullLogger<SfuEngine>.Instance);

    [Fact]
    public void ARoomIsOnePerKey_UntilItCloses()
    {
        using var engine = NewEngine();
        var events = new RecordingRoomEvents();
        var room = engine.GetOrCreateRoom("app/r1", events);
        Assert.Same(room, engine.GetOrCreateRoom("app/r1", events));
        Assert.NotSame(room, engine.GetOrCreateRoom("app/r2", events));
        Assert.Equal("app/r1", room.Key);

        room.Close();
        Assert.NotSame(room, engine.GetOrCreateRoom("app/r1", events));
    }

    [Fact]
    public void ARoomForgetsItself_WhenItsLastMemberLeaves()
    {
        using var engine = NewEngine();
        var events = new RecordingRoomEvents();
        var room = engine.GetOrCreateRoom("app/r1", events);
        room.SetMember("alice", new MediaPermissions(MediaRights.All), autoReceiveCamera: true, autoReceiveScreen: true, serverOffers: true);
        room.RemoveMember("alice");
        Assert.NotSame(room, engine.GetOrCreateRoom("app/r1", events));
    }

    [Fact]
    public void TheEngineAnnouncesWhereItListens()
    {
        using var engine = NewEngine();
        Assert.NotEqual(0, engine.LocalEndPoint.Port);
        Assert.Contains(engine.LocalEndPoint, engine.Candidates);
    }
}
