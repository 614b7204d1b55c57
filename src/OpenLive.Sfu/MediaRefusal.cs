namespace OpenLive.Sfu;

/// <summary>
/// Carries a <see cref="MediaError"/> out of the SDP builders, deep in a negotiation, to the public entry point of
/// <see cref="MediaRoom"/>, which returns it as a <see cref="MediaResult"/>. Never crosses the SFU's public surface,
/// and never thrown on the packet path (negotiation runs on the control plane's threads).
/// </summary>
internal sealed class MediaRefusal : Exception
{
    public MediaRefusal(MediaErrorKind kind, string message)
        : base(message) => Error = new MediaError(kind, message);

    public MediaRefusal(MediaRights missing, string message)
        : base(message) => Error = new MediaError(MediaErrorKind.NotPermitted, message, missing);

    public MediaRefusal()
        : this(MediaErrorKind.InvalidDescription, "refused")
    {
    }

    public MediaRefusal(string message)
        : this(MediaErrorKind.InvalidDescription, message)
    {
    }

    public MediaRefusal(string message, Exception innerException)
        : base(message, innerException) => Error = new MediaError(MediaErrorKind.InvalidDescription, message);

    public MediaError Error { get; }
}
