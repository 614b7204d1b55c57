using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client;

/// <summary>Where an <see cref="IceTcpConnection"/>'s frames and its end go (its reader thread calls).</summary>
internal interface IIceTcpFrameSink
{
    /// <summary>Takes every complete frame from <paramref name="reader"/>; returns the status that stopped it (<see cref="Rfc4571FrameStatus.NeedMore"/> unless the stream is broken).</summary>
    Rfc4571FrameStatus OnFrames(IceTcpConnection connection, Rfc4571FrameReader reader);

    /// <summary>The connection closed, for <paramref name="reason"/>; called once.</summary>
    void OnClosed(IceTcpConnection connection, string reason);
}
