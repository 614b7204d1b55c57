using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenLive.Server.Edges.Admin;

namespace OpenLive.Cli.Commands;

/// <summary><c>openlive app list|create</c>: apps through the server's admin REST API.</summary>
internal static class AppCommand
{
    public const string AdminKeyVariable = "OPENLIVE_ADMIN_KEY";

    private static readonly Server.Hosting.ServerOptions ServerDefaults = new();

    // The server's own contract metadata, written indented for people.
    private static readonly JsonSerializerOptions IndentedOptions = new(AdminJson.Default.Options) { WriteIndented = true };

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Indented<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)IndentedOptions.GetTypeInfo(typeof(T));

    public static Command Create()
    {
        var command = new Command("app", "Manage apps (sdkAppId + secret key) on a running server through its admin API.");
        command.Add(CreateList());
        command.Add(CreateCreate());
        return command;
    }

    private static Command CreateList()
    {
        var connection = new AdminConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the server's apps.") { json };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            using var http = connection.CreateClient(parse);
            using var response = await AdminConnectionOptions.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "admin/v1/apps"), cancellation).ConfigureAwait(false);
            var failure = await Failure(parse, response, cancellation).ConfigureAwait(false);
            if (failure is { } code)
            {
                return code;
            }

            var apps = await response.Content.ReadFromJsonAsync(AdminJson.Default.AppViewArray, cancellation).ConfigureAwait(false) ?? [];
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(apps, Indented<AppView[]>()));
                return ExitCodes.Success;
            }

            output.WriteLine($"{"SDKAPPID",-12} {"PRIVATEMAPKEY",-13} {"CREATED",-20} NAME");
            foreach (var app in apps)
            {
                output.WriteLine($"{app.SdkAppId,-12} {(app.RequirePrivateMapKey ? "required" : "optional"),-13} {app.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {app.Name}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCreate()
    {
        var connection = new AdminConnectionOptions();
        var appId = new Option<uint?>("--app-id") { Description = "The sdkAppId (default: the next free id from 1400000001)." };
        var name = new Option<string?>("--name") { Description = "A label for people." };
        var key = new Option<string?>("--key") { Description = "The secret key (default: 64 random hex characters)." };
        var requireKey = new Option<bool>("--require-private-map-key") { Description = "Entering rooms needs a privateMapKey (authBits from clients are ignored)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("create", "Create an app and print its id and secret key.") { appId, name, key, requireKey, json };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            using var http = connection.CreateClient(parse);
            var body = new CreateAppRequest(parse.GetValue(appId), parse.GetValue(name), parse.GetValue(key), parse.GetValue(requireKey));
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/v1/apps") { Content = JsonContent.Create(body, AdminJson.Default.CreateAppRequest) };
            using var response = await AdminConnectionOptions.SendAsync(http, request, cancellation).ConfigureAwait(false);
            var failure = await Failure(parse, response, cancellation).ConfigureAwait(false);
            if (failure is { } code)
            {
                return code;
            }

            var app = (await response.Content.ReadFromJsonAsync(AdminJson.Default.AppView, cancellation).ConfigureAwait(false))!;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(app, Indented<AppView>()));
            }
            else
            {
                output.WriteLine($"sdkAppId: {app.SdkAppId}");
                output.WriteLine($"key:      {app.Key}");
                output.WriteLine($"name:     {app.Name}");
                output.WriteLine($"privateMapKey: {(app.RequirePrivateMapKey ? "required" : "optional")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int?> Failure(ParseResult parse, HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        ErrorBody? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, AdminJson.Default.ErrorBody);
        }
        catch (JsonException)
        {
            // Not an OpenLive error body; show the status.
        }

        parse.InvocationConfiguration.Error.WriteLine(error is null
            ? $"openlive: the server answered {(int)response.StatusCode} {response.ReasonPhrase}"
            : $"openlive: {error.Module} {error.Code}: {error.Message}");
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ExitCodes.Unauthorized,
            HttpStatusCode.Conflict => ExitCodes.Conflict,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.BadRequest => ExitCodes.UsageError,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary><c>--server</c> and the admin key (<c>--admin-key</c>, OPENLIVE_ADMIN_KEY, or <c>{--data}/admin-key</c>).</summary>
    private sealed class AdminConnectionOptions
    {
        private readonly Option<string> _server = new("--server") { Description = "The server's base URL.", DefaultValueFactory = _ => ServerDefaults.Urls };
        private readonly Option<string?> _adminKey = new("--admin-key") { Description = $"The admin key (or set {AdminKeyVariable}; default: read from <data>/admin-key)." };
        private readonly Option<string> _data = new("--data") { Description = "The server's data directory, to read admin-key from.", DefaultValueFactory = _ => ServerDefaults.DataDirectory };

        public void AddTo(Command command)
        {
            command.Add(_server);
            command.Add(_adminKey);
            command.Add(_data);
        }

        public HttpClient CreateClient(ParseResult parse)
        {
            var key = parse.GetValue(_adminKey) ?? Environment.GetEnvironmentVariable(AdminKeyVariable);
            if (string.IsNullOrEmpty(key))
            {
                var file = Path.Combine(parse.GetValue(_data)!, AdminKey.FileName);
                key = File.Exists(file)
                    ? File.ReadAllText(file).Trim()
                    : throw new CliUsageException($"no admin key: pass --admin-key, set {AdminKeyVariable}, or point --data at the server's data directory ({file} does not exist).");
            }

            var text = parse.GetValue(_server)!;
            if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException($"--server must be an http(s) URL, not '{text}'.");
            }

            var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return http;
        }

        public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellation)
        {
            try
            {
                return await http.SendAsync(request, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new CliUnreachableException($"cannot reach {http.BaseAddress}: {e.Message}");
            }
        }
    }
}

/// <summary>The server could not be reached; exit code 6.</summary>
internal sealed class CliUnreachableException(string message) : Exception(message);
