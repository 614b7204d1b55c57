using System.Globalization;
using OpenLive.Core.Errors;

namespace OpenLive.Sdk.Rooms;

/// <summary>A room id: iLiveSDK's uint32, or a string id as TRTC added. Convert from <see cref="uint"/> or use <see cref="FromString"/>.</summary>
public readonly record struct LiveRoomId
{
    private LiveRoomId(uint number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The numeric id, or 0 for a string id.</summary>
    public uint Number { get; }

    /// <summary>The string id, or null for a numeric id.</summary>
    public string? Text { get; }

    /// <summary>A numeric room id (1–4294967295).</summary>
    public static LiveRoomId FromNumber(uint number) =>
        number == 0 ? throw new LiveException(ILiveErrorCode.InvalidParam, "room id 0 is not a room; numeric ids start at 1") : new(number, null);

    /// <summary>A string room id (1–64 UTF-8 bytes, no whitespace).</summary>
    public static LiveRoomId FromString(string text) => text switch
    {
        null => throw new LiveException(ILiveErrorCode.NullPointer, "the room id is null"),
        "" => throw new LiveException(ILiveErrorCode.InvalidParam, "the room id is empty"),
        _ => new(0, text),
    };

    /// <summary>A numeric room id.</summary>
    public static implicit operator LiveRoomId(uint number) => FromNumber(number);

    /// <inheritdoc />
    public override string ToString() => Text ?? Number.ToString(CultureInfo.InvariantCulture);

    internal bool IsValid => Text is not null || Number != 0;

    internal Protocol.V1.RoomId ToWire() => Text is null ? new() { Number = Number } : new() { Text = Text };

    internal static LiveRoomId FromWire(Protocol.V1.RoomId id) => id.IdCase == Protocol.V1.RoomId.IdOneofCase.Text ? new(0, id.Text) : new(id.Number, null);
}
