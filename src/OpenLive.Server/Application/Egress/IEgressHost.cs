using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Runs egress (recordings, live HLS, RTMP push) on this node for rooms whose media this node hosts: the room grain,
/// which decides who may start what, hands it its <see cref="MediaRoom"/> and the request; the host taps the member's
/// tracks and runs the outputs until stopped, the member's tracks end for good or the room closes.
/// </summary>
/// <remarks>
/// Node-local by design: egress reads the packets the SFU receives, so it runs beside the room's SFU room, as the room
/// grain does. Calls come from the grain's turn and must not block (starting ffmpeg or opening files happens behind).
/// </remarks>
internal interface IEgressHost
{
    /// <summary>
    /// Starts one egress channel: the outputs of <paramref name="request"/> for one member's stream. Answers the channel
    /// at once (its URLs and file ids are known up front); failures that happen later end the channel with an error
    /// (webhook <c>egress.ended</c> with the error).
    /// </summary>
    EgressStart Start(MediaRoom media, EgressRequest request);

    /// <summary>Stops a channel of <paramref name="roomKey"/>; false when it is unknown (or of another room).</summary>
    bool Stop(string roomKey, ulong channelId, string reason);

    /// <summary>The room's running channels.</summary>
    IReadOnlyList<EgressInfo> Running(string roomKey);

    /// <summary>Stops every channel of the room (the room ended); files are finalized.</summary>
    void StopRoom(string roomKey, string reason);

    /// <summary>Stops every channel of one member's stream (it left the room for good, not a drop kept for a resume); files are finalized.</summary>
    void StopMember(string roomKey, string memberId, string reason);
}
