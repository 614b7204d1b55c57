using OpenLive.Core.Rooms;

namespace OpenLive.Sdk.Rooms;

/// <summary>A member of a room as last reported by the server.</summary>
public sealed class LiveMember
{
    internal LiveMember(Protocol.V1.Member member)
    {
        UserId = member.UserId;
        TinyId = member.TinyId;
        ControlRole = member.ControlRole;
        AuthBits = (AuthBits)member.AuthBits;
        HasCameraVideo = member.HasCameraVideo;
        HasAudio = member.HasAudio;
        HasScreenVideo = member.HasScreenVideo;
        HasMediaVideo = member.HasMediaVideo;
        JoinedAt = DateTimeOffset.FromUnixTimeMilliseconds(member.JoinedAtMs);
        MutedUntil = member.MutedUntilMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(member.MutedUntilMs);
        AutoCamera = member.Preferences?.AutoCamera ?? false;
        AutoMic = member.Preferences?.AutoMic ?? false;
    }

    /// <summary>Set while the room's owner has muted the member's chat.</summary>
    public DateTimeOffset? MutedUntil { get; }

    /// <summary>The member entered asking for its camera to open (iLiveSDK autoCamera).</summary>
    public bool AutoCamera { get; }

    /// <summary>The member entered asking for its microphone to open (iLiveSDK autoMic).</summary>
    public bool AutoMic { get; }

    /// <summary>The member's user id.</summary>
    public string UserId { get; }

    /// <summary>The member's tinyId.</summary>
    public ulong TinyId { get; }

    /// <summary>The member's role.</summary>
    public string ControlRole { get; }

    /// <summary>The member's granted auth bits.</summary>
    public AuthBits AuthBits { get; }

    /// <summary>Sending camera video.</summary>
    public bool HasCameraVideo { get; }

    /// <summary>Sending audio.</summary>
    public bool HasAudio { get; }

    /// <summary>Sharing the screen.</summary>
    public bool HasScreenVideo { get; }

    /// <summary>Sending media-file video.</summary>
    public bool HasMediaVideo { get; }

    /// <summary>When the member entered.</summary>
    public DateTimeOffset JoinedAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"{UserId} ({ControlRole}, 0x{(ulong)AuthBits:X2})";
}

/// <summary>A member event with iLiveSDK's id (1 IN, 2 OUT, 3–10 media) and the members it names.</summary>
public sealed class MemberEventArgs(MemberEventId eventId, IReadOnlyList<LiveMember> members, MemberOutReason? outReason = null) : EventArgs
{
    /// <summary>The event id.</summary>
    public MemberEventId EventId { get; } = eventId;

    /// <summary>The members the event is about.</summary>
    public IReadOnlyList<LiveMember> Members { get; } = members;

    /// <summary>
    /// On OUT events the server pushed: why they left. Null on other events, and on OUT events the SDK derives itself
    /// (members found gone when a resumed session refreshed its room).
    /// </summary>
    public MemberOutReason? OutReason { get; } = outReason;
}

/// <summary>Why members left a room, on OUT member events (OpenLive's; iLiveSDK's events did not say).</summary>
public enum MemberOutReason
{
    /// <summary>It quit the room (or switched rooms, or its call ended for it).</summary>
    Left = 1,

    /// <summary>The room's owner or an administrator removed it.</summary>
    Kicked = 2,

    /// <summary>Its connection was lost beyond the resume window, or its session ended (logged in elsewhere, ticket expired).</summary>
    Dropped = 3,
}

/// <summary>A member's role or authority changed.</summary>
public sealed class MemberUpdatedEventArgs(LiveMember member) : EventArgs
{
    /// <summary>The member as it is now.</summary>
    public LiveMember Member { get; } = member;
}

/// <summary>The client is no longer in the room: dismissed by its owner (<see cref="Dismissed"/>) or disconnected (<see cref="Error"/>).</summary>
public sealed class RoomEndedEventArgs(bool dismissed, Core.Errors.LiveException? error, bool sessionEnded = false) : EventArgs
{
    /// <summary>True when the owner dismissed the room (iLiveSDK's onGroupDisband).</summary>
    public bool Dismissed { get; } = dismissed;

    /// <summary>
    /// Why the client lost the room while its session went on (10006 kicked, 8012 the seat was not kept across a
    /// reconnect…); null when dismissed or when <see cref="SessionEnded"/>.
    /// </summary>
    public Core.Errors.LiveException? Error { get; } = error;

    /// <summary>
    /// True when the room ended because the session did (forced offline, the ticket expired, reconnecting gave up). The
    /// cause is reported once, after this event: in <see cref="LiveClient.ForcedOffline"/> when the server ended the
    /// session (8050, 8051), else in <see cref="LiveClient.ConnectionStateChanged"/> to Disconnected.
    /// </summary>
    public bool SessionEnded { get; } = sessionEnded;
}
