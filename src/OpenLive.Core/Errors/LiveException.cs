namespace OpenLive.Core.Errors;

/// <summary>
/// The one exception OpenLive's SDKs throw for a failed operation: iLiveSDK's <c>(module, errCode, errMsg)</c>
/// triple as a .NET exception. <see cref="Module"/> and <see cref="Code"/> are the contract; the message is for people.
/// </summary>
public sealed class LiveException : Exception
{
    /// <summary>Creates an exception for an ILiveSDK code.</summary>
    public LiveException(ILiveErrorCode code, string? detail = null, Exception? innerException = null)
        : this(ErrorCatalog.Get(code), detail, innerException)
    {
    }

    /// <summary>Creates an exception for an AVSDK code.</summary>
    public LiveException(AVErrorCode code, string? detail = null, Exception? innerException = null)
        : this(ErrorCatalog.Get(code), detail, innerException)
    {
    }

    /// <summary>
    /// Creates an exception for any module and code, such as an IMSDK or TLSSDK code that the seed tables do not list,
    /// or a code received from a server. Codes that are in the tables get their table text.
    /// </summary>
    public LiveException(ErrorModule module, int code, string? text, string? detail = null, Exception? innerException = null)
        : this(module, code, ErrorCatalog.TryGet(module, code, out var info) ? info : null, text, detail, innerException)
    {
    }

    /// <summary>Creates a generic <see cref="ILiveErrorCode.SdkFailed"/> exception.</summary>
    public LiveException()
        : this(ILiveErrorCode.SdkFailed)
    {
    }

    /// <summary>Creates a generic <see cref="ILiveErrorCode.SdkFailed"/> exception with a detail message.</summary>
    public LiveException(string? message)
        : this(ILiveErrorCode.SdkFailed, message)
    {
    }

    /// <summary>Creates a generic <see cref="ILiveErrorCode.SdkFailed"/> exception wrapping another.</summary>
    public LiveException(string? message, Exception? innerException)
        : this(ILiveErrorCode.SdkFailed, message, innerException)
    {
    }

    private LiveException(LiveErrorInfo info, string? detail, Exception? innerException)
        : this(info.Module, info.Code, info, null, detail, innerException)
    {
    }

    private LiveException(ErrorModule module, int code, LiveErrorInfo? info, string? text, string? detail, Exception? innerException)
        : base(Format(module, code, info, text, detail), innerException)
    {
        ErrorModule = module;
        Code = code;
        Info = info;
        Text = info?.Description.En ?? text ?? string.Empty;
        Detail = detail;
    }

    /// <summary>The reporting module.</summary>
    public ErrorModule ErrorModule { get; }

    /// <summary>The module string as iLiveSDK callbacks gave it: <c>ILiveSDK</c>, <c>AVSDK</c>, <c>IMSDK</c> or <c>TLSSDK</c>.</summary>
    public string Module => ErrorModule.ToModuleString();

    /// <summary>The numeric error code.</summary>
    public int Code { get; }

    /// <summary>The table constant (<c>ERR_KICK_OUT</c>); <see langword="null"/> for codes outside the seed tables.</summary>
    public string? ConstantName => Info?.ConstantName;

    /// <summary>The table's English description (or the text given for codes outside the tables).</summary>
    public string Text { get; }

    /// <summary>What exactly went wrong in this instance, if known (which argument, which room).</summary>
    public string? Detail { get; }

    /// <summary>The catalog entry, when the code is in the seed tables.</summary>
    public LiveErrorInfo? Info { get; }

    /// <summary>True when this is the given ILiveSDK code.</summary>
    public bool Is(ILiveErrorCode code) => ErrorModule == ErrorModule.ILiveSDK && Code == (int)code;

    /// <summary>True when this is the given AVSDK code.</summary>
    public bool Is(AVErrorCode code) => ErrorModule == ErrorModule.AVSDK && Code == (int)code;

    private static string Format(ErrorModule module, int code, LiveErrorInfo? info, string? text, string? detail)
    {
        var head = info is null
            ? $"{module.ToModuleString()} {code}"
            : $"{module.ToModuleString()} {code} {info.ConstantName}";
        var body = info?.Description.En ?? text;
        var message = string.IsNullOrEmpty(body) ? head : $"{head}: {body}";
        return string.IsNullOrEmpty(detail) ? message : $"{message} ({detail})";
    }
}
