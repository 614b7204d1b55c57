namespace OpenLive.Egress.Recording;

/// <summary>Where a recording's file goes once its container is known (the server builds the path).</summary>
public interface IRecordingOutputs
{
    /// <summary>Creates the output file for <paramref name="container"/>. May throw <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>: the recording ends with that error.</summary>
    Stream Create(RecordingContainer container);

    /// <summary>The stream is closed (the recording ended): a place to trim a failed file to its last whole cluster or fragment.</summary>
    void Closed(RecordingContainer container, bool failed);
}
