using OpenLive.Server.Grains;

namespace OpenLive.Server.Application.Sessions;

/// <summary>
/// The room a session is in. <paramref name="RoleBits"/> are the current role's bits; <paramref name="KeyBits"/> the
/// privateMapKey's when one was presented, which caps every later role or authority change.
/// </summary>
internal sealed record SessionRoom(string Key, RoomName Name, bool IsOwner, uint RoleBits, uint? KeyBits)
{
    public uint Ceiling => KeyBits ?? RoleBits;

    /// <summary>A role's bits as this member may hold them: capped by the privateMapKey when one was presented.</summary>
    public uint Cap(uint roleBits) => roleBits & (KeyBits ?? uint.MaxValue);

    public ParkedSeat ToSeat(Guid sessionId, DateTimeOffset until) => new(sessionId, Key, Name, IsOwner, RoleBits, KeyBits, until);

    public static SessionRoom FromSeat(ParkedSeat seat) => new(seat.RoomKey, seat.Room, seat.IsOwner, seat.RoleBits, seat.KeyBits);
}
