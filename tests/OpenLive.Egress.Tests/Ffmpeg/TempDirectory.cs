namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>A recordings root of its own for one test, deleted after.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("openlive-egress-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
