using Microsoft.Extensions.Options;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>The catalog reads the sidecars of the recordings directory; the layout keeps hostile ids inside it.</summary>
public sealed class RecordingCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("openlive-catalog-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Sidecars_AreListedPerAppAndRoom_NewestFirst_AndForeignFilesSkipped()
    {
        Write(Metadata(1, "room-a", "alice", 1));
        Write(Metadata(1, "room-a", "bob", 2));
        Write(Metadata(1, "room-b", "alice", 3));
        Write(Metadata(2, "room-a", "alice", 4));
        File.WriteAllText(Path.Combine(_root, "1", "room-a", "alice", "junk.json"), "{ not json");
        var catalog = Catalog();

        Assert.Equal([2ul, 1ul], catalog.List(1, "room-a").Select(m => m.ChannelId));
        Assert.Equal([3ul, 2ul, 1ul], catalog.List(1).Select(m => m.ChannelId));
        Assert.Equal([4ul], catalog.List(2).Select(m => m.ChannelId));
        Assert.Empty(catalog.List(3));
        var first = catalog.List(1, "room-a")[1];
        Assert.Equal(Metadata(1, "room-a", "alice", 1) with { Codecs = first.Codecs }, first);
        Assert.Equal(["vp8", "opus"], first.Codecs);
    }

    [Fact]
    public void ASidecar_RoundTrips()
    {
        var metadata = Metadata(1, "room-a", "alice", 1);
        var json = System.Text.Json.JsonSerializer.Serialize(metadata, RecordingMetadataJson.Default.RecordingMetadata);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, RecordingMetadataJson.Default.RecordingMetadata)!;
        Assert.Equal(metadata with { Codecs = back.Codecs }, back);
        Assert.Contains("\"state\": \"Ended\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", "%2E.")]
    [InlineData("../../etc", "%2E.%2F..%2Fetc")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData(".hidden", "%2Ehidden")]
    [InlineData("", "%")]
    [InlineData("房间", "%E6%88%BF%E9%97%B4")]
    [InlineData("user_1-x@y.z", "user_1-x@y.z")]
    public void Ids_BecomeOneSafePathSegment(string id, string segment) => Assert.Equal(segment, RecordingLayout.Segment(id));

    private RecordingCatalog Catalog() => new(
        Options.Create(new RecordingStorageOptions { RecordingsDirectory = _root }),
        Options.Create(new ServerOptions()));

    private void Write(RecordingMetadata metadata)
    {
        var path = RecordingLayout.Resolve(_root, metadata.FileId + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RecordingMetadataFile.Write(path, metadata);
    }

    private static RecordingMetadata Metadata(uint app, string room, string member, ulong channel)
    {
        var started = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero).AddMinutes(channel);
        var stem = RecordingLayout.FileStem(app, room, member, started, channel);
        return new RecordingMetadata
        {
            ChannelId = channel,
            AppId = app,
            RoomId = room,
            MemberId = member,
            Video = "camera",
            AudioOnly = false,
            StartedBy = member,
            FileId = stem,
            File = stem + ".webm",
            Container = "webm",
            Codecs = ["vp8", "opus"],
            StartedAt = started,
            EndedAt = started.AddSeconds(10),
            DurationMs = 10_000,
            Size = 12_345,
            State = RecordingState.Ended,
        };
    }
}
