namespace OpenLive.Core.Errors;

/// <summary>
/// The module that reports an error, as iLiveSDK named them in every error callback
/// (<c>onError(module, errCode, errMsg)</c>). The same number can mean different things in different
/// modules (IMSDK 10010 is not AVSDK 10010), so a code is only meaningful together with its module.
/// </summary>
public enum ErrorModule
{
    /// <summary>iLiveSDK's own codes (0, 8001–8053). Module string <c>ILiveSDK</c>.</summary>
    ILiveSDK,

    /// <summary>Audio/video (room and media) codes (1, 1001–10011). Module string <c>AVSDK</c>.</summary>
    AVSDK,

    /// <summary>Instant-messaging codes. Module string <c>IMSDK</c>.</summary>
    IMSDK,

    /// <summary>Ticket (userSig) codes. Module string <c>TLSSDK</c>.</summary>
    TLSSDK,
}

/// <summary>Conversions between <see cref="ErrorModule"/> and the module strings iLiveSDK used on the wire.</summary>
public static class ErrorModuleNames
{
    /// <summary>Returns the exact module string (<c>ILiveSDK</c>, <c>AVSDK</c>, <c>IMSDK</c>, <c>TLSSDK</c>).</summary>
    public static string ToModuleString(this ErrorModule module) => module switch
    {
        ErrorModule.ILiveSDK => "ILiveSDK",
        ErrorModule.AVSDK => "AVSDK",
        ErrorModule.IMSDK => "IMSDK",
        ErrorModule.TLSSDK => "TLSSDK",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "Unknown error module."),
    };

    /// <summary>Parses a module string; exact, case-sensitive, as the SDKs compare it.</summary>
    public static bool TryParse(string? text, out ErrorModule module)
    {
        switch (text)
        {
            case "ILiveSDK": module = ErrorModule.ILiveSDK; return true;
            case "AVSDK": module = ErrorModule.AVSDK; return true;
            case "IMSDK": module = ErrorModule.IMSDK; return true;
            case "TLSSDK": module = ErrorModule.TLSSDK; return true;
            default: module = default; return false;
        }
    }
}
