using System.CommandLine;
using OpenLive.Cli.Commands;

namespace OpenLive.Cli;

/// <summary>Builds the command tree and runs it; the output writers are parameters so tests run it in-process.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("openlive — OpenLive's command-line tool: run the server, look up iLiveSDK error codes, issue and check TLS-Sig v2 userSigs, run SDK room members for load and smoke tests.");
        root.Add(ErrorsCommand.Create());
        root.Add(UserSigCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(AppCommand.Create());
        root.Add(LoadCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"openlive: {parseError.Message}");
            }

            var command = parse.CommandResult.Command;
            var path = command == root ? "openlive" : $"openlive {CommandPath(command, parse)}";
            error.WriteLine($"Run '{path} --help' for usage.");
            return ExitCodes.UsageError;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            if (parse.CommandResult.Command.Name == LoadCommand.Name)
            {
                // load's members quit their rooms and log out after SIGTERM; the default 2 s would cut that short.
                configuration.ProcessTerminationTimeout = LoadCommand.TerminationTimeout;
            }

            return parse.Invoke(configuration);
        }
        catch (CliUsageException e)
        {
            error.WriteLine($"openlive: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (CliUnreachableException e)
        {
            error.WriteLine($"openlive: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (IOException e)
        {
            error.WriteLine($"openlive: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string CommandPath(Command command, ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return names.Count == 0 ? command.Name : string.Join(' ', names);
    }
}

/// <summary>A command's arguments are inconsistent in a way the parser cannot see; exit code 2 with this message.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
