namespace OpenLive.Architecture.Tests;

/// <summary>Where the checkout's project files are, and where the built assemblies under test were copied.</summary>
internal static class Checkout
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding OpenLive.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The project file of an assembly of ours: <c>src/Name/Name.csproj</c>.</summary>
    public static string ProjectFile(string assembly) => Path.Combine(Root, "src", assembly, assembly + ".csproj");

    /// <summary>The built assembly, copied beside the tests by this project's references.</summary>
    public static string AssemblyFile(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenLive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OpenLive.sln above {AppContext.BaseDirectory}.");
    }
}
