using System.Data.Common;

namespace OpenLive.Server.Im;

/// <summary>How both message stores read a stored message row (the same columns, in this order, in either database).</summary>
internal static class StoredMessageRows
{
    public const string Columns = "conv, seq, message_id, sender, client_message_id, sent_at_ms, body";

    /// <summary>Reads the message whose columns start at <paramref name="first"/>.</summary>
    public static StoredMessage Read(DbDataReader reader, int first) => new(
        new ConversationKey(reader.GetString(first)),
        (ulong)reader.GetInt64(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
        reader.GetInt64(first + 5),
        reader.GetFieldValue<byte[]>(first + 6));

    /// <summary>Runs the query and reads every row.</summary>
    public static List<StoredMessage> ReadAll(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var messages = new List<StoredMessage>();
        while (reader.Read())
        {
            messages.Add(Read(reader, 0));
        }

        return messages;
    }
}
