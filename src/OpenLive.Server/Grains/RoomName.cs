namespace OpenLive.Server.Grains;

/// <summary>
/// A room id as the client gave it (exactly one of the two is set). A call's room (<paramref name="CallId"/> set) is
/// named by the server only (<see cref="CallRooms"/>): no client request can name its grain key.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomName")]
public sealed record RoomName(
    [property: Id(0)] uint Number,
    [property: Id(1)] string? Text,
    [property: Id(2)] string GroupId,
    [property: Id(3)] ulong CallId = 0)
{
    /// <summary>Whether this is a call's room: it ends with the call, not with its creator.</summary>
    public bool IsCall => CallId != 0;

    /// <summary>The room id as error texts show it: the number, or the quoted string.</summary>
    public string Describe() => Text is null ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{Text}\"";
}
