using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// One payload type of an RTP m= section with everything said about it: its <c>a=rtpmap</c>, <c>a=fmtp</c> and
/// <c>a=rtcp-fb</c> lines (RFC 8866 §6.6, §6.15; RFC 4585 §4.2).
/// <code>
/// a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]
/// a=rtpmap:111 opus/48000/2
/// a=rtpmap:96 VP8/90000
/// </code>
/// A static payload type may come without <c>a=rtpmap</c> (RFC 3551 §6): then <see cref="Name"/> is null and
/// <see cref="ClockRate"/> is 0.
/// </summary>
public sealed class RtpCodec
{
    /// <summary>A payload type listed without an <c>a=rtpmap</c>.</summary>
    public RtpCodec(int payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, 127);
        PayloadType = payloadType;
    }

    /// <summary>A codec with its <c>a=rtpmap</c>.</summary>
    public RtpCodec(int payloadType, string name, uint clockRate, int? channels = null)
        : this(payloadType)
    {
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    /// <summary>The payload type, 0-127.</summary>
    public int PayloadType { get; }

    /// <summary>The encoding name (<c>opus</c>, <c>VP8</c>, <c>H264</c>, <c>rtx</c>, …) as written; null without <c>a=rtpmap</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The RTP clock rate in Hz; 0 without <c>a=rtpmap</c>.</summary>
    public uint ClockRate { get; set; }

    /// <summary>The encoding parameters: the channel count for audio; null when not written.</summary>
    public int? Channels { get; set; }

    /// <summary>The <c>a=fmtp</c> parameters; null when there is no <c>a=fmtp</c> line.</summary>
    public FormatParameters? Parameters { get; set; }

    /// <summary>The <c>a=rtcp-fb</c> lines for this payload type, in order.</summary>
    public List<RtcpFeedback> Feedback { get; } = [];

    /// <summary>True for a retransmission format, <c>rtx</c> (RFC 4588 §8.6).</summary>
    public bool IsRtx => IsNamed("rtx");

    /// <summary>The payload type an <c>rtx</c> format repairs: its <c>apt</c> parameter (RFC 4588 §8.6).</summary>
    public int? AssociatedPayloadType =>
        Parameters is not null && Parameters.TryGetInt("apt", out var apt) && apt <= 127 ? apt : null;

    /// <summary>An <c>rtx</c> codec repairing <paramref name="associatedPayloadType"/>: <c>rtx/&lt;clock&gt;</c> and <c>apt=</c>.</summary>
    public static RtpCodec Rtx(int payloadType, int associatedPayloadType, uint clockRate = 90000) =>
        new(payloadType, "rtx", clockRate)
        {
            Parameters = new FormatParameters($"apt={associatedPayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
        };

    /// <summary>True when the encoding name is <paramref name="name"/> (case-insensitive, RFC 4855 §3).</summary>
    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an <c>a=rtpmap</c> value's part after the payload type into this codec.</summary>
    internal static bool TryParseMap(ReadOnlySpan<char> encoding, [NotNullWhen(true)] out string? name, out uint clockRate, out int? channels, [NotNullWhen(false)] out string? error)
    {
        name = null;
        clockRate = 0;
        channels = null;
        SdpText.TrySplit(encoding, '/', out var encodingName, out var rest);
        if (encodingName.IsEmpty || encodingName.Contains(' '))
        {
            error = "the encoding name is missing";
            return false;
        }

        var hasParameters = SdpText.TrySplit(rest, '/', out var rate, out var parameters);
        if (!SdpText.TryParseUInt32(rate, out clockRate) || clockRate == 0)
        {
            error = "the clock rate must be a positive number";
            return false;
        }

        if (hasParameters)
        {
            if (!SdpText.TryParseInt(parameters, 1, 255, out var count))
            {
                error = "the channel count must be 1-255";
                return false;
            }

            channels = count;
        }

        name = encodingName.ToString();
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        if (Name is not null)
        {
            writer.Attribute("rtpmap", ':').Number(PayloadType).Space().Text(Name).Char('/').Number(ClockRate);
            if (Channels is { } channels)
            {
                writer.Char('/').Number(channels);
            }

            writer.End();
        }

        foreach (var feedback in Feedback)
        {
            feedback.Write(writer, PayloadType);
        }

        if (Parameters is not null)
        {
            writer.Attribute("fmtp", ':').Number(PayloadType);
            if (Parameters.Raw.Length > 0)
            {
                writer.Space().Text(Parameters.Raw);
            }

            writer.End();
        }
    }
}
