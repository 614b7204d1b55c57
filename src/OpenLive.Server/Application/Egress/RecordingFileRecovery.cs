using OpenLive.Egress.Mp4;
using OpenLive.Egress.Recording;
using OpenLive.Egress.WebM;

namespace OpenLive.Server.Application.Egress;

/// <summary>Cuts a recording file to its last whole WebM cluster or MP4 fragment (after a crash or a failed write).</summary>
internal static class RecordingFileRecovery
{
    /// <summary>What was done.</summary>
    public enum Outcome
    {
        /// <summary>The file was whole.</summary>
        Whole,

        /// <summary>The file was cut to its last whole cluster / fragment.</summary>
        Cut,

        /// <summary>Nothing playable (no whole header): left as it is.</summary>
        Unplayable,

        /// <summary>The file is missing or could not be read or cut.</summary>
        Failed,
    }

    /// <summary>Cuts <paramref name="path"/> if it ends inside a cluster / fragment. Never throws.</summary>
    public static Outcome TryTruncate(string path, RecordingContainer container)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            bool whole;
            bool cut;
            if (container == RecordingContainer.Mp4)
            {
                var status = Mp4Recovery.Recover(file, out _);
                whole = status == Mp4RecoveryStatus.Whole;
                cut = status == Mp4RecoveryStatus.Truncated;
            }
            else
            {
                var status = WebMRecovery.Recover(file, out _);
                whole = status == WebMRecoveryStatus.Whole;
                cut = status == WebMRecoveryStatus.Truncated;
            }

            if (whole)
            {
                return Outcome.Whole;
            }

            if (!cut)
            {
                return Outcome.Unplayable;
            }

            return Outcome.Cut;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Outcome.Failed;
        }
    }
}
