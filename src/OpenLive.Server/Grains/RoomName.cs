namespace OpenLive.Server.Grains;

/// <summary>A room id as the client gave it (exactly one of the two is set).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomName")]
public sealed record RoomName(
    [property: Id(0)] uint Number,
    [property: Id(1)] string? Text,
    [property: Id(2)] string GroupId)
{
    /// <summary>The room id as error texts show it: the number, or the quoted string.</summary>
    public string Describe() => Text is null ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{Text}\"";
}
