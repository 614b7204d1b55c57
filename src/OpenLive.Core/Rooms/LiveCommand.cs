using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Core.Rooms;

/// <summary>iLiveSDK's live-show command ids (TILLiveSDK <c>ILVLIVE_IMCMD_*</c>), carried in custom message elements.</summary>
public static class LiveCommandIds
{
    /// <summary>ILVLIVE_IMCMD_INVITE: the host invites a member to co-host.</summary>
    public const int Invite = 0x703;

    /// <summary>ILVLIVE_IMCMD_INVITE_CANCEL: the host withdraws the invitation.</summary>
    public const int InviteCancel = 0x704;

    /// <summary>ILVLIVE_IMCMD_INTERACT_AGREE: the invitee accepts.</summary>
    public const int Agree = 0x706;

    /// <summary>ILVLIVE_IMCMD_INTERACT_REJECT: the invitee refuses.</summary>
    public const int Reject = 0x707;

    /// <summary>
    /// OpenLive's own (iLiveSDK had none): a co-host invitation's time ran out unanswered. Sent by the server — to the
    /// invitee with the owner as parameter and to the owner with the invitee — marked as the server's, so no client can
    /// send it; below the apps' range.
    /// </summary>
    public const int InviteExpired = 0x7F0;

    /// <summary>ILVLIVE_IMCMD_CUSTOM_LOW_LIMIT: the first id of the app's own commands.</summary>
    public const int CustomLow = 0x800;

    /// <summary>ILVLIVE_IMCMD_CUSTOM_UP_LIMIT: the last id of the app's own commands.</summary>
    public const int CustomHigh = 0x900;
}

/// <summary>
/// A live command as iLiveSDK put it in a custom element's data: <c>{"userAction":cmd,"actionParam":param}</c>.
/// </summary>
/// <param name="UserAction">The command id.</param>
/// <param name="ActionParam">The command's parameter.</param>
public sealed record LiveCommand(
    [property: JsonPropertyName("userAction")] int UserAction,
    [property: JsonPropertyName("actionParam")] string ActionParam)
{
    /// <summary>The JSON bytes for a custom element.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, LiveCommandJson.Default.LiveCommand);

    /// <summary>Reads a live command from a custom element's data; null when it is not one.</summary>
    public static LiveCommand? TryParse(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, LiveCommandJson.Default.LiveCommand);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(LiveCommand))]
internal sealed partial class LiveCommandJson : JsonSerializerContext;
