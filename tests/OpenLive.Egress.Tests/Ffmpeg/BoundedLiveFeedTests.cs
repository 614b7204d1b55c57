using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

public sealed class BoundedLiveFeedTests
{
    [Fact]
    public async Task ReadAsync_GivesTheHeaderFirst_ThenChunksFromTheFirstKeyframe()
    {
        await using var feed = new BoundedLiveFeed([0xEB], 1024);
        Assert.False(feed.TryWrite([1], startsWithKeyframe: false)); // a reader cannot start on a delta cluster
        Assert.True(feed.TryWrite([2], startsWithKeyframe: true));
        Assert.True(feed.TryWrite([3], startsWithKeyframe: false));
        feed.Complete();

        Assert.Equal([0xEB], (await feed.ReadAsync(default))!.Value.Bytes.ToArray());
        Assert.Equal([2], (await feed.ReadAsync(default))!.Value.Bytes.ToArray());
        Assert.Equal([3], (await feed.ReadAsync(default))!.Value.Bytes.ToArray());
        Assert.Null(await feed.ReadAsync(default));
    }

    [Fact]
    public async Task TryWrite_WhenFull_DropsWholeChunksUntilTheNextKeyframe()
    {
        await using var feed = new BoundedLiveFeed([0xEB], 10);
        Assert.True(feed.TryWrite(new byte[6], startsWithKeyframe: true));
        Assert.False(feed.TryWrite(new byte[6], startsWithKeyframe: false)); // does not fit: dropped whole
        await feed.ReadAsync(default); // header
        await feed.ReadAsync(default); // the 6 bytes: room again
        Assert.False(feed.TryWrite(new byte[1], startsWithKeyframe: false)); // after a gap: not before a keyframe
        Assert.True(feed.TryWrite(new byte[4], startsWithKeyframe: true));

        Assert.Equal(2, feed.DroppedChunks);
        Assert.Equal(4, (await feed.ReadAsync(default))!.Value.Bytes.Length);
    }

    [Fact]
    public async Task TryWrite_AfterTheReaderHasGone_IsRefused()
    {
        var feed = new BoundedLiveFeed([0xEB], 1024);
        await feed.DisposeAsync();

        Assert.True(feed.IsClosed);
        Assert.False(feed.TryWrite([1], startsWithKeyframe: true));
    }
}
