namespace OpenLive.Core.Errors;

/// <summary>
/// One row of the iLiveSDK error tables, plus what OpenLive adds: how the code arises here and what to do.
/// </summary>
public sealed class LiveErrorInfo
{
    internal LiveErrorInfo(
        ErrorModule module,
        int code,
        string constantName,
        string name,
        LocalizedText description,
        LocalizedText? reason,
        LocalizedText cause,
        LocalizedText action)
    {
        Module = module;
        Code = code;
        ConstantName = constantName;
        Name = name;
        Description = description;
        Reason = reason;
        Cause = cause;
        Action = action;
    }

    /// <summary>The reporting module.</summary>
    public ErrorModule Module { get; }

    /// <summary>The numeric code.</summary>
    public int Code { get; }

    /// <summary>The original constant name, exactly as in the tables (e.g. <c>ERR_KICK_OUT</c>).</summary>
    public string ConstantName { get; }

    /// <summary>The .NET member name in <see cref="ILiveErrorCode"/> or <see cref="AVErrorCode"/> (e.g. <c>KickOut</c>).</summary>
    public string Name { get; }

    /// <summary>The table's description column, in both languages.</summary>
    public LocalizedText Description { get; }

    /// <summary>The AVSDK table's reason column; <see langword="null"/> for ILiveSDK codes, whose table has none.</summary>
    public LocalizedText? Reason { get; }

    /// <summary>How OpenLive produces this code.</summary>
    public LocalizedText Cause { get; }

    /// <summary>What a developer should do about it.</summary>
    public LocalizedText Action { get; }

    /// <summary>The module string (<c>ILiveSDK</c>, <c>AVSDK</c>).</summary>
    public string ModuleString => Module.ToModuleString();

    /// <inheritdoc />
    public override string ToString() => $"{ModuleString} {Code} {ConstantName}: {Description.En}";
}
