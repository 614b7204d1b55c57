using System.Globalization;
using System.Text.Json;
using OpenLive.Cli.Commands;
using OpenLive.Core.Auth;

namespace OpenLive.Cli.Output;

/// <summary>JSON renderings of decoded tickets and verification results.</summary>
internal static class TicketJson
{
    public static void WriteTicket(TextWriter output, UserSigTicket ticket, long nowUnixSeconds) =>
        Write(output, json => WriteTicketObject(json, ticket, nowUnixSeconds));

    public static void WriteVerification(TextWriter output, UserSigVerification result) => Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("valid", result.IsValid);
        json.WriteString("status", result.Status.ToString());
        json.WriteString("reason", UserSigCommand.StatusName(result.Status));
        json.WriteString("detail", result.Detail);
        if (result.Ticket is { } ticket)
        {
            json.WritePropertyName("ticket");
            WriteTicketObject(json, ticket, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        }

        json.WriteEndObject();
    });

    private static void WriteTicketObject(Utf8JsonWriter json, UserSigTicket ticket, long now)
    {
        json.WriteStartObject();
        if (ticket.Version is not null)
        {
            json.WriteString("TLS.ver", ticket.Version);
        }

        json.WriteString("TLS.identifier", ticket.Identifier);
        json.WriteNumber("TLS.sdkappid", ticket.SdkAppId);
        json.WriteNumber("TLS.time", ticket.Time);
        json.WriteNumber("TLS.expire", ticket.Expire);
        if (ticket.UserBuf is { } userBuf)
        {
            json.WriteBase64String("TLS.userbuf", userBuf);
        }

        json.WriteBase64String("TLS.sig", ticket.Signature);
        WriteInstant(json, "issuedAt", ticket.IssuedAt);
        WriteInstant(json, "expiresAt", ticket.ExpiresAt);
        json.WriteBoolean("expired", ticket.IsExpiredAt(now));
        if (ticket.PrivateMapKey is { } key)
        {
            json.WriteStartObject("privateMapKey");
            json.WriteString("account", key.Account);
            json.WriteNumber("sdkAppId", key.SdkAppId);
            if (key.RoomString is null)
            {
                json.WriteNumber("roomId", key.RoomId);
            }
            else
            {
                json.WriteString("roomId", key.RoomString);
            }

            json.WriteNumber("privilegeMap", key.PrivilegeMap);
            json.WriteString("privileges", key.Privileges.ToString());
            json.WriteNumber("expiresAtUnix", key.ExpiresAtUnixSeconds);
            WriteInstant(json, "expiresAt", DateTimeOffset.FromUnixTimeSeconds(key.ExpiresAtUnixSeconds));
            json.WriteBoolean("expired", key.IsExpiredAt(now));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            json.WriteString(name, value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
