using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Demo;

/// <summary>
/// Where the built demo is: <c>OpenLive:Demo:Path</c>, else the <c>demo</c> folder next to the binaries. Read on each
/// request, so a demo built after the server started is served without a restart.
/// </summary>
internal sealed class DemoFiles : IFileProvider, IDisposable
{
    /// <summary>The folder next to the binaries that the build fills from <c>web/demo/dist</c>.</summary>
    public const string FolderName = "demo";

    private PhysicalFileProvider? _files;

    public DemoFiles(IOptions<ServerOptions> options)
    {
        var configured = options.Value.Demo.Path;
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, FolderName) : configured);
    }

    /// <summary>The demo's directory (absolute).</summary>
    public string Root { get; }

    /// <summary>True when the directory holds a built demo (its index.html).</summary>
    public bool IsBuilt => File.Exists(Path.Combine(Root, "index.html"));

    public IFileInfo GetFileInfo(string subpath) => Files()?.GetFileInfo(subpath) ?? new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => Files()?.GetDirectoryContents(subpath) ?? NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    public void Dispose() => _files?.Dispose();

    /// <summary>The provider over the directory, once it exists.</summary>
    private PhysicalFileProvider? Files()
    {
        if (_files is { } files)
        {
            return files;
        }

        if (!Directory.Exists(Root))
        {
            return null;
        }

        var created = new PhysicalFileProvider(Root);
        if (Interlocked.CompareExchange(ref _files, created, null) is { } other)
        {
            created.Dispose();
            return other;
        }

        return created;
    }
}
