using System.CommandLine;
using System.Net;
using OpenLive.Cli.Load;

namespace OpenLive.Cli.Commands;

/// <summary>
/// <c>openlive load</c>: room members made of the .NET SDK — a host, co-hosts publishing synthetic media, viewers
/// receiving — each logged in to the server URL its <c>--member</c> names, reporting what they see as JSON lines. A
/// load and smoke tool for operators, and the media clients of the cluster and failover tests.
/// </summary>
internal static class LoadCommand
{
    public const string Name = "load";

    /// <summary>
    /// How long the process waits, once SIGTERM/SIGINT arrives, for the run to quit its rooms and log out before it
    /// ends anyway (System.CommandLine's default of 2 s is shorter than the members' own bound).
    /// </summary>
    public static readonly TimeSpan TerminationTimeout = LoadRunner.StopTimeout + TimeSpan.FromSeconds(5);

    // Shorter periods would measure the timer and the JSON writer, not the server.
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(20);

    public static Command Create()
    {
        var credentials = new AppCredentialOptions();
        var room = new Option<string>("--room", "-r") { Description = "The room id (digits: a numeric room; anything else a string room).", Required = true };
        var prefix = new Option<string>("--user-prefix") { Description = "Users are PREFIX_host, PREFIX_cohost1…, PREFIX_viewer1… (default load).", DefaultValueFactory = _ => "load" };
        var members = new Option<string[]>("--member", "-m")
        {
            Description = "ROLE[*COUNT]@URL, repeatable: host@URL (creates the room; at most one), cohost*2@URL, viewer*10@URL — the server each logs in to.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var chat = new Option<string?>("--chat-interval") { Description = "Each member sends the room a text message USER#SEQ this often (e.g. 1s); off by default." };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long once every member is in (e.g. 30s, 5m); by default run until SIGTERM or SIGINT." };
        var mediaAddress = new Option<string?>("--media-address") { Description = "The local IP the members' media sockets bind (default: the source address of the route to each server; loopback for a local one)." };
        var report = new Option<string>("--report-interval") { Description = "How often each member prints its frames line (default 250ms).", DefaultValueFactory = _ => "250ms" };
        var joinTimeout = new Option<string>("--join-timeout") { Description = "How long members other than the host wait for the room to exist (default 20s).", DefaultValueFactory = _ => "20s" };

        var command = new Command(Name, "Run SDK room members against a server or cluster (host, co-hosts publishing synthetic audio and video, viewers) and print what each sees as JSON lines.")
        {
            room, prefix, members, chat, duration, mediaAddress, report, joinTimeout,
        };
        credentials.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var (roomNumber, roomText) = RoomArgument.Parse(parse.GetValue(room)!, forceString: false);
            var specs = parse.GetValue(members)!.Select(LoadMemberSpec.Parse).ToList();
            if (specs.Count(s => s.Role == LoadRole.Host) > 1)
            {
                throw new CliUsageException("--member: a room has one host, and more than one host@ was given.");
            }

            var userPrefix = parse.GetValue(prefix)!;
            if (userPrefix.Length == 0 || userPrefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
            {
                throw new CliUsageException($"--user-prefix '{userPrefix}' must be ASCII letters, digits, '_', '-' or '.'.");
            }

            var settings = new LoadSettings(
                credentials.GetAppId(parse),
                credentials.GetKey(parse),
                roomNumber,
                roomText,
                userPrefix,
                specs,
                parse.GetValue(chat) is { } chatText ? DurationArgument.Parse("--chat-interval", chatText) : null,
                parse.GetValue(duration) is { } durationText ? DurationArgument.Parse("--duration", durationText) : null,
                ParseAddress(parse.GetValue(mediaAddress)),
                DurationArgument.Parse("--report-interval", parse.GetValue(report)!),
                DurationArgument.Parse("--join-timeout", parse.GetValue(joinTimeout)!));
            if (settings.ReportInterval < MinInterval || settings.ChatInterval < MinInterval)
            {
                throw new CliUsageException($"--report-interval and --chat-interval must be at least {MinInterval.TotalMilliseconds:0}ms.");
            }

            var runner = new LoadRunner(settings, new LoadReport(parse.InvocationConfiguration.Output, TimeProvider.System));
            return await runner.RunAsync(cancellation).ConfigureAwait(false);
        });
        return command;
    }

    private static IPAddress? ParseAddress(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            throw new CliUsageException($"--media-address '{text}' is not an IP address.");
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new CliUsageException($"--media-address {text} is a wildcard: media candidates need an address the server can send to.");
        }

        return address;
    }
}
