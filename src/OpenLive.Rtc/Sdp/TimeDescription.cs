using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// A t= line and the r= lines after it (RFC 8866 §5.9, §5.10). WebRTC always sends <c>t=0 0</c>.
/// <code>
/// t=&lt;start-time&gt; &lt;stop-time&gt;
/// r=&lt;repeat interval&gt; &lt;active duration&gt; &lt;offsets from start-time&gt;
/// </code>
/// </summary>
public sealed class TimeDescription(ulong startTime, ulong stopTime)
{
    /// <summary>Start, in NTP seconds; 0 for an unbounded session.</summary>
    public ulong StartTime { get; set; } = startTime;

    /// <summary>Stop, in NTP seconds; 0 for an unbounded session.</summary>
    public ulong StopTime { get; set; } = stopTime;

    /// <summary>The r= lines' values, verbatim.</summary>
    public List<string> Repeats { get; } = [];

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out TimeDescription? time)
    {
        var fields = new SdpFields(value);
        if (fields.TryNext(out var start) && fields.TryNext(out var stop) && fields.IsEmpty
            && SdpText.TryParseUInt64(start, out var startTime) && SdpText.TryParseUInt64(stop, out var stopTime))
        {
            time = new TimeDescription(startTime, stopTime);
            return true;
        }

        time = null;
        return false;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Line('t').Number(StartTime).Space().Number(StopTime).End();
        foreach (var repeat in Repeats)
        {
            writer.Line('r').Text(repeat).End();
        }
    }
}
