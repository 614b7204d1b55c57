using OpenLive.Core.Auth;

namespace OpenLive.Cli.Load;

/// <summary>
/// Runs <c>openlive load</c>: starts the host, then every other member at once (waiting for the room when the host is
/// another process's), then chat and the frames reports until the duration is over or the process is asked to stop,
/// then a clean exit — rooms quit, sessions logged out — and a summary line.
/// </summary>
internal sealed class LoadRunner(LoadSettings settings, LoadReport report)
{
    /// <summary>How long the members together may take to quit and log out once stopped.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The members' user ids, in the order of the --member specs: {prefix}_host, {prefix}_cohost{i}, {prefix}_viewer{i}.</summary>
    public static List<(string User, LoadRole Role, Uri Server, IReadOnlyList<Uri> Fallbacks)> Users(LoadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var users = new List<(string, LoadRole, Uri, IReadOnlyList<Uri>)>();
        var coHosts = 0;
        var viewers = 0;
        foreach (var spec in settings.Members)
        {
            for (var i = 0; i < spec.Count; i++)
            {
                var user = spec.Role switch
                {
                    LoadRole.Host => $"{settings.UserPrefix}_host",
                    LoadRole.CoHost => $"{settings.UserPrefix}_cohost{++coHosts}",
                    _ => $"{settings.UserPrefix}_viewer{++viewers}",
                };
                users.Add((user, spec.Role, spec.Server, spec.Fallbacks));
            }
        }

        return users;
    }

    /// <summary>Runs until <paramref name="stop"/> (SIGTERM/SIGINT) or the duration; the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var time = report.Time;
        var began = time.GetTimestamp();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sigs = new UserSigGenerator(settings.AppId, settings.Key, time);
        var members = Users(settings).Select(u => new LoadMember(settings, u.User, u.Role, u.Server, u.Fallbacks, sigs, report)).ToList();

        // One member that cannot log in or join fails the run: the others stop starting at once. This process's host
        // goes first and the others start once the room exists: members asking for a room before it is created make
        // the server's room activation come and go, and a create racing that was refused with 10001.
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var host = members.Where(m => m.Role == LoadRole.Host).ToList();
        var starts = await StartAsync(host, starting).ConfigureAwait(false);
        var others = members.Where(m => m.Role != LoadRole.Host).ToList();
        starts = [.. starts, .. starting.IsCancellationRequested ? others.Select(_ => LoadStart.Canceled) : await StartAsync(others, starting).ConfigureAwait(false)];
        var failed = starts.Count(s => s == LoadStart.Failed);

        if (failed == 0 && !run.IsCancellationRequested)
        {
            // The duration is the load's, counted once everyone is in: how long the start took (a loaded machine, a
            // host in another process) does not eat into it, and a short run still has every member in for all of it.
            // The start itself is bounded by the SDK's request timeouts and --join-timeout.
            if (settings.Duration is { } duration)
            {
                run.CancelAfter(duration);
            }

            // Chat starts once everyone is in, so every message has all the others as receivers.
            if (settings.ChatInterval is { } interval)
            {
                members.ForEach(m => m.StartChat(interval));
            }

            await ReportAsync(members, run.Token).ConfigureAwait(false);
        }

        // The last counts, then out: every member stops reporting state first, so the host ending the room while the
        // others quit is not reported as something that happened to them.
        members.Where(m => m.Joined).ToList().ForEach(m => m.ReportFrames());
        members.ForEach(m => m.BeginStop());
        using (var stopping = new CancellationTokenSource(StopTimeout, time))
        {
            await Task.WhenAll(members.Select(m => m.StopAsync(stopping.Token))).ConfigureAwait(false);
        }

        foreach (var member in members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }

        var exitCode = failed == 0 ? ExitCodes.Success : ExitCodes.LoadMemberFailed;
        report.Summary(new SummaryLine(
            members.Count,
            members.Count(m => m.Joined),
            failed,
            members.Sum(m => m.Sent),
            members.Sum(m => m.Acked),
            members.Sum(m => m.ChatReceived),
            members.Sum(m => m.FramesReceived),
            (long)time.GetElapsedTime(began).TotalMilliseconds,
            exitCode));
        return exitCode;
    }

    private static Task<LoadStart[]> StartAsync(List<LoadMember> members, CancellationTokenSource starting) =>
        Task.WhenAll(members.Select(async member =>
        {
            var result = await member.StartAsync(starting.Token).ConfigureAwait(false);
            if (result == LoadStart.Failed)
            {
                await starting.CancelAsync().ConfigureAwait(false);
            }

            return result;
        }));

    private async Task ReportAsync(List<LoadMember> members, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.ReportInterval, report.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                members.ForEach(m => m.ReportFrames());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the duration is over or the process was asked to stop.
        }
    }
}
