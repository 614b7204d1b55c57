using System.Text.Json;

namespace OpenLive.Core.Auth;

/// <summary>Collects the fields of a ticket's JSON document while it is read; rejects duplicates and wrong types.</summary>
internal struct TicketFields
{
    private string? _version;
    private string? _identifier;
    private ulong? _sdkAppId;
    private long? _time;
    private long? _expire;
    private byte[]? _userBuf;
    private byte[]? _signature;
    private bool _looksLikeV1;
    private string? _firstError;

    /// <summary>
    /// Reads one property. A field of the wrong type or a duplicate is recorded, not fatal, so that a TLS-Sig v1 ticket
    /// (all-string fields) is still recognised as v1 when its other keys come later.
    /// </summary>
    public void ReadProperty(ref Utf8JsonReader reader)
    {
        if (!TryReadProperty(ref reader, out var error))
        {
            _firstError ??= error;
            reader.Skip();
        }
    }

    private bool TryReadProperty(ref Utf8JsonReader reader, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (reader.ValueTextEquals("TLS.ver"u8))
        {
            return ReadString(ref reader, "TLS.ver", ref _version, out error);
        }

        if (reader.ValueTextEquals("TLS.identifier"u8))
        {
            return ReadString(ref reader, "TLS.identifier", ref _identifier, out error);
        }

        if (reader.ValueTextEquals("TLS.sdkappid"u8))
        {
            return ReadUInt64(ref reader, "TLS.sdkappid", ref _sdkAppId, out error);
        }

        if (reader.ValueTextEquals("TLS.time"u8))
        {
            return ReadInt64(ref reader, "TLS.time", ref _time, out error);
        }

        if (reader.ValueTextEquals("TLS.expire"u8))
        {
            return ReadInt64(ref reader, "TLS.expire", ref _expire, out error);
        }

        if (reader.ValueTextEquals("TLS.userbuf"u8))
        {
            return ReadBase64(ref reader, "TLS.userbuf", ref _userBuf, out error);
        }

        if (reader.ValueTextEquals("TLS.sig"u8))
        {
            return ReadBase64(ref reader, "TLS.sig", ref _signature, out error);
        }

        if (reader.ValueTextEquals("TLS.sdk_appid"u8) || reader.ValueTextEquals("TLS.expire_after"u8) || reader.ValueTextEquals("TLS.appid_at_3rd"u8))
        {
            _looksLikeV1 = true;
        }

        // Unknown keys are allowed (future fields); their values are skipped whatever their shape.
        reader.Read();
        reader.Skip();
        return true;
    }

    public readonly bool TryBuild([NotNullWhen(true)] out UserSigTicket? ticket, [NotNullWhen(false)] out string? error)
    {
        ticket = null;
        if (_looksLikeV1 && _sdkAppId is null)
        {
            error = "this is a TLS-Sig v1 (ECDSA) ticket; OpenLive verifies TLS-Sig v2 (HMAC-SHA256) userSigs";
            return false;
        }

        if (_firstError is not null)
        {
            error = _firstError;
            return false;
        }

        if (_version is not null && _version != "2.0")
        {
            error = $"TLS.ver is \"{_version}\"; only \"2.0\" is supported";
            return false;
        }

        var missing = _identifier is null ? "TLS.identifier"
            : _sdkAppId is null ? "TLS.sdkappid"
            : _time is null ? "TLS.time"
            : _expire is null ? "TLS.expire"
            : _signature is null ? "TLS.sig"
            : null;
        if (missing is not null)
        {
            error = $"the userSig has no {missing} field";
            return false;
        }

        ticket = new UserSigTicket(_version, _identifier!, _sdkAppId!.Value, _time!.Value, _expire!.Value, _userBuf, _signature!);
        error = null;
        return true;
    }

    private static bool ReadString(ref Utf8JsonReader reader, string name, ref string? field, [NotNullWhen(false)] out string? error)
    {
        if (!BeginValue(ref reader, name, field is not null, JsonTokenType.String, out error))
        {
            return false;
        }

        // GetString throws on invalid UTF-8 or an unpaired escaped surrogate (documented); a ticket is client input,
        // so that is a malformed ticket, not an error.
        try
        {
            field = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            error = $"{name} is not valid UTF-8 text";
            return false;
        }

        return true;
    }

    private static bool ReadUInt64(ref Utf8JsonReader reader, string name, ref ulong? field, [NotNullWhen(false)] out string? error)
    {
        if (!BeginValue(ref reader, name, field is not null, JsonTokenType.Number, out error))
        {
            return false;
        }

        if (!reader.TryGetUInt64(out var value))
        {
            error = $"{name} is not a non-negative integer";
            return false;
        }

        field = value;
        return true;
    }

    private static bool ReadInt64(ref Utf8JsonReader reader, string name, ref long? field, [NotNullWhen(false)] out string? error)
    {
        if (!BeginValue(ref reader, name, field is not null, JsonTokenType.Number, out error))
        {
            return false;
        }

        if (!reader.TryGetInt64(out var value))
        {
            error = $"{name} is not an integer";
            return false;
        }

        field = value;
        return true;
    }

    private static bool ReadBase64(ref Utf8JsonReader reader, string name, ref byte[]? field, [NotNullWhen(false)] out string? error)
    {
        if (!BeginValue(ref reader, name, field is not null, JsonTokenType.String, out error))
        {
            return false;
        }

        // TryGetBytesFromBase64 unescapes first, so PHP's "\/" inside TLS.sig is handled.
        if (!reader.TryGetBytesFromBase64(out var bytes))
        {
            error = $"{name} is not standard base64";
            return false;
        }

        field = bytes;
        return true;
    }

    private static bool BeginValue(ref Utf8JsonReader reader, string name, bool seen, JsonTokenType expected, [NotNullWhen(false)] out string? error)
    {
        if (seen)
        {
            error = $"{name} appears twice";
            return false;
        }

        reader.Read();
        if (reader.TokenType != expected)
        {
            error = $"{name} must be a JSON {(expected == JsonTokenType.String ? "string" : "number")}, not {reader.TokenType}";
            return false;
        }

        error = null;
        return true;
    }
}
