using Google.Protobuf;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Im;

/// <summary>
/// A message to send: text and custom elements (IMSDK's TIMTextElem / TIMCustomElem). iLiveSDK's live commands are
/// custom elements whose data is <c>{"userAction":cmd,"actionParam":param}</c>; build them with <see cref="Command"/>.
/// </summary>
public sealed class LiveMessage
{
    private readonly List<MessageElement> _elements = [];

    /// <summary>The sender's id for this message; a retry with the same id is stored once. Generated when not set.</summary>
    public string? ClientMessageId { get; set; }

    /// <summary>The elements, in order.</summary>
    public IReadOnlyList<MessageElement> Elements => _elements;

    /// <summary>A text message.</summary>
    public static LiveMessage Text(string text) => new LiveMessage().AddText(text);

    /// <summary>A custom message.</summary>
    public static LiveMessage Custom(ReadOnlySpan<byte> data, string? desc = null, string? ext = null) => new LiveMessage().AddCustom(data, desc, ext);

    /// <summary>An iLiveSDK live command (0x700–0x70D are the co-host commands, 0x800–0x900 the app's own).</summary>
    public static LiveMessage Command(int command, string? param = null) =>
        Custom(new LiveCommand(command, param ?? string.Empty).ToBytes());

    /// <summary>Adds a text element.</summary>
    public LiveMessage AddText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _elements.Add(new MessageElement { Text = new TextElement { Text = text } });
        return this;
    }

    /// <summary>Adds a custom element.</summary>
    public LiveMessage AddCustom(ReadOnlySpan<byte> data, string? desc = null, string? ext = null)
    {
        _elements.Add(new MessageElement { Custom = new CustomElement { Data = ByteString.CopyFrom(data), Desc = desc ?? string.Empty, Ext = ext ?? string.Empty } });
        return this;
    }
}
