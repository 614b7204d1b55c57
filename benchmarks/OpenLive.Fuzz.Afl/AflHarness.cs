using OpenLive.Fuzz.Tests;
using OpenLive.Fuzz.Tests.Engine;
using SharpFuzz;

namespace OpenLive.Fuzz.Afl;

/// <summary>
/// Coverage-guided fuzzing of the parsers of untrusted bytes: afl-fuzz mutates inputs, SharpFuzz's instrumentation of
/// the OpenLive assemblies (the <c>sharpfuzz</c> tool rewrites them after publish) reports the branches each input
/// took, and inputs that reach new branches are kept and mutated further. The targets are the CsCheck campaign's
/// (<see cref="FuzzTargets"/>): the same parser calls, accessors and input layers, and the same seeds, which become
/// afl's starting corpus. Any exception escaping a target is a crash (the targets already absorb the documented
/// rejections, such as Google.Protobuf's <c>InvalidProtocolBufferException</c>).
/// </summary>
public static class AflHarness
{
    private const string Usage = """
        usage: OpenLive.Fuzz.Afl <command>
          list                          the target names
          seeds <target> <dir>          writes the target's seed corpus (valid inputs from the project's writers)
          fuzz <target>                 runs the target under afl-fuzz (SharpFuzz persistent mode; input on afl's channel)
          replay <target> <path>...     runs files (or every file of a folder) once each; exit 1 if any throws
        """;

    /// <summary>Every target afl can drive, by the campaign's names.</summary>
    public static IEnumerable<string> TargetNames => FuzzTargets.Names;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (args)
        {
            case ["list"]:
                foreach (var name in TargetNames)
                {
                    output.WriteLine(name);
                }

                return 0;
            case ["seeds", var target, var dir] when IsTarget(target):
                output.WriteLine($"{WriteSeeds(target, dir)} seeds for {target} in {dir}");
                return 0;
            case ["fuzz", var target] when IsTarget(target):
                Fuzz(target);
                return 0;
            case ["replay", var target, .. var paths] when IsTarget(target) && paths.Length > 0:
                return Replay(target, paths, output) == 0 ? 0 : 1;
            default:
                error.WriteLine(Usage);
                error.WriteLine($"targets: {string.Join(' ', TargetNames)}");
                return 2;
        }
    }

    /// <summary>Writes the target's seeds as files <c>seed-NN</c> into <paramref name="dir"/>; returns how many.</summary>
    public static int WriteSeeds(string target, string dir)
    {
        Directory.CreateDirectory(dir);
        var seeds = FuzzTargets.Create(target).SeedInputs;
        for (var i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(dir, $"seed-{i:D2}"), seeds[i]);
        }

        return seeds.Count;
    }

    /// <summary>
    /// Runs each file once through the target, as afl would, and reports each one that throws (with its exception):
    /// how a crash afl found is reproduced and how the seed corpus is checked. Returns the number that threw.
    /// </summary>
    public static int Replay(string target, IEnumerable<string> paths, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fuzzTarget = FuzzTargets.Create(target);
        var files = paths.SelectMany<string, string>(path => Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : [path]);
        int runs = 0, crashes = 0;
        foreach (var file in files)
        {
            runs++;
            try
            {
                fuzzTarget.Feed(File.ReadAllBytes(file));
            }
#pragma warning disable CA1031 // any exception is the finding
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes++;
                output.WriteLine($"CRASH {file}: {e}");
            }
        }

        output.WriteLine($"{target}: {runs} inputs replayed, {crashes} threw");
        return crashes;
    }

    private static void Fuzz(string target)
    {
        // The target is made inside the first run: making it runs instrumented code (seed writers, keys), which may
        // only run once SharpFuzz has mapped afl's shared memory.
        IFuzzTarget? fuzzTarget = null;
        using var buffer = new MemoryStream();
        // Persistent mode: one process runs input after input; an escaping exception ends it and afl records a crash.
        Fuzzer.Run(stream =>
        {
            fuzzTarget ??= FuzzTargets.Create(target);
            buffer.SetLength(0);
            stream.CopyTo(buffer);
            fuzzTarget.Feed(buffer.ToArray());
        });
    }

    private static bool IsTarget(string name) => TargetNames.Contains(name, StringComparer.Ordinal);
}
