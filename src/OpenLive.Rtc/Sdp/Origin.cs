using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// The o= line: who made the description and which version of it this is (RFC 8866 §5.2).
/// <code>
/// o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;
/// o=- 4611731400430051336 2 IN IP4 127.0.0.1
/// </code>
/// The session id and version stay strings: nobody reads them as numbers, and some stacks send more than 64 bits.
/// </summary>
/// <param name="Username">The user name, <c>-</c> when there is none (JSEP, RFC 8829 §5.2.1).</param>
/// <param name="SessionId">The session id (digits).</param>
/// <param name="SessionVersion">The version, raised with each new description of the same session.</param>
/// <param name="NetworkType">Always <c>IN</c> in practice.</param>
/// <param name="AddressType"><c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">The creator's address; WebRTC stacks put a placeholder here.</param>
public sealed record Origin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The origin JSEP prescribes (RFC 8829 §5.2.1): user <c>-</c>, a placeholder address.</summary>
    public static Origin Create(ulong sessionId, ulong sessionVersion) => new(
        "-",
        sessionId.ToString(CultureInfo.InvariantCulture),
        sessionVersion.ToString(CultureInfo.InvariantCulture),
        "IN",
        "IP4",
        "127.0.0.1");

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out Origin? origin, [NotNullWhen(false)] out string? error)
    {
        origin = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var username) || !fields.TryNext(out var id) || !fields.TryNext(out var version)
            || !fields.TryNext(out var netType) || !fields.TryNext(out var addrType) || !fields.TryNext(out var address)
            || !fields.IsEmpty)
        {
            error = "o= needs exactly six fields: username, session id, version, nettype, addrtype, address";
            return false;
        }

        origin = new Origin(username.ToString(), id.ToString(), version.ToString(), netType.ToString(), addrType.ToString(), address.ToString());
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer) => writer.Line('o')
        .Text(Username).Space().Text(SessionId).Space().Text(SessionVersion).Space()
        .Text(NetworkType).Space().Text(AddressType).Space().Text(Address).End();
}
