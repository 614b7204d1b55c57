using System.Diagnostics;

namespace OpenLive.Testing;

/// <summary>
/// Runs a Node.js script from <c>tests/node</c> against the packages <c>./test.sh</c> installed with <c>npm ci</c>
/// (the real third-party implementations we prove compatibility with).
/// </summary>
public static class NodeScript
{
    /// <summary>Runs <c>node tests/node/{script} args…</c> and returns its standard output; throws with stderr on failure.</summary>
    public static string Run(string script, params string[] args)
    {
        var modules = RepoPaths.InRoot("node_modules");
        if (!Directory.Exists(modules))
        {
            throw new InvalidOperationException($"{modules} is missing: run ./test.sh (it runs 'npm ci') before the tests.");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.InRoot("tests", "node", script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
