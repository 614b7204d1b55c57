namespace OpenLive.Sfu;

/// <summary>
/// The outcome of a control request to the SFU that returns nothing: success, or the <see cref="MediaError"/> that
/// refused it. Refusals are data, not exceptions, so the caller decides how each is told to its clients.
/// </summary>
public readonly struct MediaResult
{
    private MediaResult(MediaError? error) => Error = error;

    /// <summary>Success.</summary>
    public static MediaResult Success => default;

    /// <summary>The refusal, or null on success.</summary>
    public MediaError? Error { get; }

    /// <summary>True when the request was carried out.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A refusal.</summary>
    public static MediaResult Refused(MediaError error) => new(error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A refusal.</summary>
    public static implicit operator MediaResult(MediaError error) => Refused(error);
}

/// <summary>The outcome of a control request to the SFU that returns a <typeparamref name="T"/> (an SDP answer, say).</summary>
public readonly struct MediaResult<T>
    where T : class
{
    private MediaResult(T? value, MediaError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value on success, else null.</summary>
    public T? Value { get; }

    /// <summary>The refusal, or null on success.</summary>
    public MediaError? Error { get; }

    /// <summary>True when the request was carried out (and <see cref="Value"/> is set).</summary>
    public bool IsSuccess => Error is null;

    /// <summary>Success with <paramref name="value"/>.</summary>
    public static implicit operator MediaResult<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A refusal.</summary>
    public static implicit operator MediaResult<T>(MediaError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
