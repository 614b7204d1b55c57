using System.Text.Json;
using OpenLive.Core.Errors;

namespace OpenLive.Cli.Output;

/// <summary>JSON rendering of catalog entries: an array of objects, texts in the chosen language.</summary>
internal static class ErrorsJson
{
    public static void Write(TextWriter output, IReadOnlyList<LiveErrorInfo> entries, ErrorLanguage language, bool detailed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("module", entry.ModuleString);
                json.WriteNumber("code", entry.Code);
                json.WriteString("name", entry.ConstantName);
                json.WriteString("dotnetName", entry.Name);
                json.WriteString("description", entry.Description.Get(language));
                if (entry.Reason is { } reason)
                {
                    json.WriteString("reason", reason.Get(language));
                }

                if (detailed)
                {
                    json.WriteString("cause", entry.Cause.Get(language));
                    json.WriteString("action", entry.Action.Get(language));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
