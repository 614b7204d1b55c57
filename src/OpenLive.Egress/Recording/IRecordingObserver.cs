using OpenLive.Egress.Media;

namespace OpenLive.Egress.Recording;

/// <summary>Hears when a recording's file starts and when it ends (metadata, webhooks). Called on the worker thread: return quickly.</summary>
public interface IRecordingObserver
{
    /// <summary>The file was opened with these tracks.</summary>
    void OnStarted(MemberRecording recording, RecordingContainer container, IReadOnlyList<EgressTrack> tracks);

    /// <summary>The recording ended; the file (if any) is closed.</summary>
    void OnEnded(MemberRecording recording, RecordingResult result);
}
