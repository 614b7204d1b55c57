using OpenLive.Server.Edges.Recordings;

namespace OpenLive.Server.Tests.Edges.Recordings;

public sealed class RecordingFileIdsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "openlive-recordings-root");

    [Theory]
    [InlineData("1400000000/123456/alice/20261205-170000-42.webm")]
    [InlineData("1400000000/room one/alice/20261205-170000-42.mp4")]
    public void ARecordingsPath_ResolvesInsideTheDirectory(string fileId)
    {
        Assert.True(RecordingFileIds.TryResolve(Root, fileId, out var full));
        Assert.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
        Assert.EndsWith(fileId.Split('/')[^1], full, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../secret.webm")]
    [InlineData("1400000000/../../etc/passwd.webm")]
    [InlineData("1400000000/./a.webm")]
    [InlineData("/etc/x.webm")]
    [InlineData("1400000000//a.webm")]
    [InlineData("1400000000\\..\\a.webm")]
    [InlineData("1400000000/a\0.webm")]
    [InlineData("C:/a.webm")]
    [InlineData("1400000000/a.json")]
    [InlineData("1400000000/admin-key")]
    [InlineData("1400000000/a.webm.tmp")]
    [InlineData("1400000000/a\n.webm")]
    public void AnythingElse_IsRefused(string fileId)
    {
        Assert.False(RecordingFileIds.TryResolve(Root, fileId, out _));
    }

    [Fact]
    public void AnOverlongId_IsRefused()
    {
        Assert.False(RecordingFileIds.TryResolve(Root, new string('a', RecordingFileIds.MaxLength) + ".webm", out _));
        Assert.False(RecordingFileIds.TryResolve(Root, null, out _));
    }
}
