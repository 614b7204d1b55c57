namespace OpenLive.Cli.Tests;

/// <summary>Runs the real command tree in-process and captures what it prints.</summary>
internal static class CliRun
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
