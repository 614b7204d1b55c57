using System.Globalization;

namespace OpenLive.Server.Im;

/// <summary>
/// A conversation's storage key: <c>c2c/{a}/{b}</c> with the two user ids in ordinal order (so both sides share one
/// conversation), or <c>group/{groupId}</c>. User ids never contain '/', so keys cannot collide.
/// </summary>
internal readonly record struct ConversationKey(string Value)
{
    public static ConversationKey C2C(string a, string b) =>
        string.CompareOrdinal(a, b) <= 0 ? new($"c2c/{a}/{b}") : new($"c2c/{b}/{a}");

    public static ConversationKey Group(string groupId) => new(string.Create(CultureInfo.InvariantCulture, $"group/{groupId}"));

    public bool IsC2C => Value.StartsWith("c2c/", StringComparison.Ordinal);

    /// <summary>For a C2C key, the other participant of <paramref name="self"/>.</summary>
    public string PeerOf(string self)
    {
        var parts = Value.Split('/');
        return parts[1] == self ? parts[2] : parts[1];
    }

    /// <summary>For a group key, the group id.</summary>
    public string GroupId => Value["group/".Length..];

    public override string ToString() => Value;
}
