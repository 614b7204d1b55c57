using System.CommandLine;
using OpenLive.Cli.Output;
using OpenLive.Core.Errors;

namespace OpenLive.Cli.Commands;

/// <summary><c>openlive errors [CODE|NAME] [--lang en|zh] [--json] [--format markdown]</c></summary>
internal static class ErrorsCommand
{
    public static Command Create()
    {
        var query = new Argument<string?>("code")
        {
            Description = "A code (8051) or name (ERR_EXPIRE, Expire) to explain; the whole table when omitted.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var lang = new Option<string>("--lang")
        {
            Description = "Language of the texts: en or zh.",
            DefaultValueFactory = _ => "en",
        };
        lang.AcceptOnlyFromAmong("en", "zh");
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var format = new Option<string>("--format")
        {
            Description = "text (default), json, or markdown (the generated docs/errors.md).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "markdown");

        var command = new Command("errors", "List the iLiveSDK and AVSDK error codes, or explain one: module, name, text, cause and what to do.")
        {
            query, lang, json, format,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var language = parse.GetValue(lang) == "zh" ? ErrorLanguage.Chinese : ErrorLanguage.English;
            var style = parse.GetValue(json) ? "json" : parse.GetValue(format)!;
            var text = parse.GetValue(query);

            if (style == "markdown")
            {
                if (text is not null)
                {
                    throw new CliUsageException("--format markdown renders the whole catalog; leave out the code.");
                }

                output.Write(ErrorsMarkdown.Render());
                return ExitCodes.Success;
            }

            IReadOnlyList<LiveErrorInfo> entries = ErrorCatalog.All;
            if (text is not null)
            {
                entries = ErrorCatalog.Find(text);
                if (entries.Count == 0)
                {
                    parse.InvocationConfiguration.Error.WriteLine(
                        $"openlive: no code or name '{text}' in the ILiveSDK or AVSDK tables. Run 'openlive errors' for the list.");
                    return ExitCodes.NotFound;
                }
            }

            if (style == "json")
            {
                ErrorsJson.Write(output, entries, language, detailed: text is not null);
            }
            else if (text is null)
            {
                ErrorsText.WriteTable(output, entries, language);
            }
            else
            {
                ErrorsText.WriteDetails(output, entries, language);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
