using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// A b= line (RFC 8866 §5.8; <c>TIAS</c> from RFC 3890).
/// <code>
/// b=&lt;bwtype&gt;:&lt;bandwidth&gt;
/// b=AS:2500
/// </code>
/// </summary>
/// <param name="Type"><c>AS</c> (kbit/s), <c>TIAS</c> (bit/s), <c>CT</c>, <c>RS</c>, <c>RR</c>, …</param>
/// <param name="Value">The number, in the type's unit.</param>
public sealed record Bandwidth(string Type, ulong Value)
{
    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out Bandwidth? bandwidth)
    {
        bandwidth = null;
        if (!SdpText.TrySplit(value, ':', out var type, out var number) || !SdpText.IsToken(type)
            || !SdpText.TryParseUInt64(number, out var amount))
        {
            return false;
        }

        bandwidth = new Bandwidth(type.ToString(), amount);
        return true;
    }

    internal void Write(SdpTextWriter writer) => writer.Line('b').Text(Type).Char(':').Number(Value).End();
}
