using System.CommandLine;
using System.Globalization;

namespace OpenLive.Cli.Commands;

/// <summary>
/// <c>--app-id</c> and <c>--key</c>, with <c>--key-file</c> and the environment variables OPENLIVE_APP_ID / OPENLIVE_APP_KEY
/// as alternatives, so a secret need not sit in shell history.
/// </summary>
internal sealed class AppCredentialOptions
{
    public const string AppIdVariable = "OPENLIVE_APP_ID";
    public const string KeyVariable = "OPENLIVE_APP_KEY";

    public Option<string?> AppId { get; } = new("--app-id", "-a") { Description = $"The sdkAppId (or set {AppIdVariable})." };

    public Option<string?> Key { get; } = new("--key", "-k") { Description = $"The app's secret key (or --key-file, or set {KeyVariable})." };

    public Option<FileInfo?> KeyFile { get; } = new("--key-file") { Description = "Read the secret key from this file (first line)." };

    public void AddTo(Command command)
    {
        command.Add(AppId);
        command.Add(Key);
        command.Add(KeyFile);
    }

    public uint GetAppId(ParseResult parse)
    {
        var text = parse.GetValue(AppId) ?? Environment.GetEnvironmentVariable(AppIdVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CliUsageException($"an app id is required: pass --app-id or set {AppIdVariable}.");
        }

        if (!uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var appId) || appId == 0)
        {
            throw new CliUsageException($"--app-id must be a positive integer below 2^32, not '{text}'.");
        }

        return appId;
    }

    public string GetKey(ParseResult parse)
    {
        var key = parse.GetValue(Key);
        var file = parse.GetValue(KeyFile);
        if (key is not null && file is not null)
        {
            throw new CliUsageException("pass either --key or --key-file, not both.");
        }

        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new CliUsageException($"--key-file '{file.FullName}' does not exist.");
            }

            key = File.ReadLines(file.FullName).FirstOrDefault()?.Trim();
        }

        key ??= Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            throw new CliUsageException($"a secret key is required: pass --key, --key-file, or set {KeyVariable}.");
        }

        return key;
    }
}
