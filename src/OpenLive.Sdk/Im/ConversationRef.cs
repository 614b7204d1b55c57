namespace OpenLive.Sdk.Im;

/// <summary>A conversation: with a user (C2C) or in a room's group.</summary>
public readonly record struct ConversationRef
{
    private ConversationRef(string? userId, string? groupId)
    {
        UserId = userId;
        GroupId = groupId;
    }

    /// <summary>The other user of a C2C conversation.</summary>
    public string? UserId { get; }

    /// <summary>The group of a room conversation.</summary>
    public string? GroupId { get; }

    /// <summary>True for a C2C conversation.</summary>
    public bool IsC2C => UserId is not null;

    /// <summary>The conversation with <paramref name="userId"/>.</summary>
    public static ConversationRef WithUser(string userId) => new(userId ?? throw new ArgumentNullException(nameof(userId)), null);

    /// <summary>The conversation of group <paramref name="groupId"/> (a room's group id is its room id as text).</summary>
    public static ConversationRef InGroup(string groupId) => new(null, groupId ?? throw new ArgumentNullException(nameof(groupId)));

    /// <inheritdoc />
    public override string ToString() => UserId is not null ? $"c2c:{UserId}" : $"group:{GroupId}";

    internal Protocol.V1.Conversation ToWire() => UserId is not null ? new() { UserId = UserId } : new() { GroupId = GroupId ?? string.Empty };

    internal static ConversationRef FromWire(Protocol.V1.Conversation conversation) =>
        conversation.TargetCase == Protocol.V1.Conversation.TargetOneofCase.UserId ? WithUser(conversation.UserId) : InGroup(conversation.GroupId);
}
