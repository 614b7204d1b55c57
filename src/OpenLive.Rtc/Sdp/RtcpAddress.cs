using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=rtcp</c>: where RTCP goes when not on the RTP port + 1 (RFC 3605 §2.1); JSEP writes the placeholder
/// <c>a=rtcp:9 IN IP4 0.0.0.0</c> (RFC 8829 §5.2.1).
/// <code>
/// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address] CRLF
/// </code>
/// </summary>
/// <param name="Port">The RTCP port.</param>
/// <param name="Connection">The RTCP address; null when only the port is given.</param>
public sealed record RtcpAddress(int Port, ConnectionData? Connection = null)
{
    /// <summary>JSEP's placeholder: port 9, <c>IN IP4 0.0.0.0</c>.</summary>
    public static RtcpAddress Placeholder { get; } = new(9, ConnectionData.Unspecified);

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out RtcpAddress? rtcp)
    {
        rtcp = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var portText) || !SdpText.TryParsePort(portText, out var port))
        {
            return false;
        }

        ConnectionData? connection = null;
        if (!fields.IsEmpty && !ConnectionData.TryParse(fields.Remaining, out connection))
        {
            return false;
        }

        rtcp = new RtcpAddress(port, connection);
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("rtcp", ':').Number(Port);
        if (Connection is not null)
        {
            Connection.Write(writer.Space());
        }

        writer.End();
    }
}
