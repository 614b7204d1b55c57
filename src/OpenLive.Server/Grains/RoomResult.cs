using OpenLive.Core.Errors;

namespace OpenLive.Server.Grains;

/// <summary>
/// An iLiveSDK error decided by a grain. Errors travel as data rather than exceptions so that they keep their module
/// and code across nodes.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomError")]
public sealed record RoomError(
    [property: Id(0)] ErrorModule Module,
    [property: Id(1)] int Code,
    [property: Id(2)] string Detail)
{
    /// <summary>An AVSDK error.</summary>
    public static RoomError Of(AVErrorCode code, string detail) => new(ErrorModule.AVSDK, (int)code, detail);

    /// <summary>An ILiveSDK error.</summary>
    public static RoomError Of(ILiveErrorCode code, string detail) => new(ErrorModule.ILiveSDK, (int)code, detail);

    /// <summary>The error of an exception thrown inside a grain turn (the SFU's refusals, say).</summary>
    public static RoomError Of(LiveException exception) => new(exception.ErrorModule, exception.Code, exception.Detail ?? string.Empty);

    /// <summary>True for this module and code.</summary>
    public bool Is(ILiveErrorCode code) => Module == ErrorModule.ILiveSDK && Code == (int)code;

    /// <summary>The error as the exception edges answer with.</summary>
    public LiveException ToException() => new(Module, Code, null, Detail);
}

/// <summary>The outcome of a room operation without a value: success, or an <see cref="RoomError"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomResult")]
public sealed record RoomResult([property: Id(0)] RoomError? Error)
{
    /// <summary>Success.</summary>
    public static RoomResult Ok { get; } = new((RoomError?)null);

    /// <summary>True when there is no error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A failure.</summary>
    public static implicit operator RoomResult(RoomError error) => new(error);

    /// <summary>Throws the error as a <see cref="LiveException"/>, if there is one.</summary>
    public void ThrowIfFailed()
    {
        if (Error is { } error)
        {
            throw error.ToException();
        }
    }
}

/// <summary>The outcome of a room operation that yields a <typeparamref name="T"/>: the value, or an <see cref="RoomError"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomResult`1")]
public sealed record RoomResult<T>([property: Id(0)] RoomError? Error, [property: Id(1)] T? Value)
{
    /// <summary>True when there is no error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Success with <paramref name="value"/>.</summary>
    public static implicit operator RoomResult<T>(T value) => new(null, value);

    /// <summary>A failure.</summary>
    public static implicit operator RoomResult<T>(RoomError error) => new(error, default);

    /// <summary>The value, or the error thrown as a <see cref="LiveException"/>.</summary>
    public T GetValueOrThrow() => Error is { } error ? throw error.ToException() : Value!;
}
