namespace OpenLive.MediaLoad;

/// <summary>Janus refused a request or failed; the message says what and why.</summary>
internal sealed class JanusException : Exception
{
    public JanusException(string message)
        : base(message)
    {
    }

    public JanusException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
