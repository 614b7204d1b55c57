using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=simulcast</c>: the simulcast layers a section sends and receives, each a list of alternative RIDs
/// (RFC 8853 §5.1).
/// <code>
/// sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
/// sc-send      = %s"send" SP sc-str-list
/// sc-recv      = %s"recv" SP sc-str-list
/// sc-str-list  = sc-alt-list *( ";" sc-alt-list )     ; layers
/// sc-alt-list  = sc-id *( "," sc-id )                 ; alternatives for one layer
/// sc-id        = [ "~" ] rid-id                       ; "~": paused
/// a=simulcast:send q;h;f
/// a=simulcast:send 1;2,3 recv 4
/// </code>
/// Also read: a space after the colon and the draft's <c>rid=</c> prefix, both sent by older browsers.
/// </summary>
public sealed class Simulcast
{
    /// <summary>Layers this side sends.</summary>
    public List<SimulcastLayer> Send { get; } = [];

    /// <summary>Layers this side receives.</summary>
    public List<SimulcastLayer> Receive { get; } = [];

    /// <summary>A simulcast that receives one layer per RID, as an SFU answers <c>a=simulcast:send …</c>.</summary>
    public static Simulcast Receiving(params IEnumerable<string> rids)
    {
        ArgumentNullException.ThrowIfNull(rids);
        var simulcast = new Simulcast();
        foreach (var rid in rids)
        {
            simulcast.Receive.Add(new SimulcastLayer(rid));
        }

        return simulcast;
    }

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out Simulcast? simulcast, [NotNullWhen(false)] out string? error)
    {
        simulcast = null;
        var result = new Simulcast();
        var fields = new SdpFields(value);
        var sawSend = false;
        var sawReceive = false;
        while (fields.TryNext(out var directionToken))
        {
            if (!RidDescription.TryParseDirection(directionToken, out var direction))
            {
                error = "expected send or recv";
                return false;
            }

            ref var seen = ref direction == RidDirection.Send ? ref sawSend : ref sawReceive;
            if (seen)
            {
                error = $"{directionToken} appears twice";
                return false;
            }

            seen = true;
            if (!fields.TryNext(out var list))
            {
                error = $"{directionToken} has no layers";
                return false;
            }

            if (list.StartsWith("rid="))
            {
                list = list["rid=".Length..];
            }

            if (!TryParseLayers(list, direction == RidDirection.Send ? result.Send : result.Receive))
            {
                error = "layers must be RIDs (optionally paused with ~) separated by ';', alternatives by ','";
                return false;
            }
        }

        if (!sawSend && !sawReceive)
        {
            error = "expected send or recv";
            return false;
        }

        simulcast = result;
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("simulcast", ':');
        if (Send.Count > 0)
        {
            WriteLayers(writer.Text("send "), Send);
        }

        if (Receive.Count > 0)
        {
            if (Send.Count > 0)
            {
                writer.Space();
            }

            WriteLayers(writer.Text("recv "), Receive);
        }

        writer.End();
    }

    private static bool TryParseLayers(ReadOnlySpan<char> list, List<SimulcastLayer> layers)
    {
        foreach (var layerRange in list.Split(';'))
        {
            var layer = list[layerRange];
            var alternatives = new List<SimulcastRid>();
            foreach (var ridRange in layer.Split(','))
            {
                var rid = layer[ridRange];
                var paused = rid.StartsWith('~');
                if (paused)
                {
                    rid = rid[1..];
                }

                if (!SdpText.IsRidId(rid))
                {
                    return false;
                }

                alternatives.Add(new SimulcastRid(rid.ToString(), paused));
            }

            layers.Add(new SimulcastLayer(alternatives));
        }

        return true;
    }

    private static void WriteLayers(SdpTextWriter writer, List<SimulcastLayer> layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            if (i > 0)
            {
                writer.Char(';');
            }

            var alternatives = layers[i].Alternatives;
            for (var j = 0; j < alternatives.Count; j++)
            {
                if (j > 0)
                {
                    writer.Char(',');
                }

                if (alternatives[j].Paused)
                {
                    writer.Char('~');
                }

                writer.Text(alternatives[j].Id);
            }
        }
    }
}

/// <summary>One simulcast layer: the RIDs that may carry it, in preference order.</summary>
public sealed class SimulcastLayer(IReadOnlyList<SimulcastRid> alternatives)
{
    /// <summary>A layer with a single, unpaused RID.</summary>
    public SimulcastLayer(string rid)
        : this([new SimulcastRid(rid, false)])
    {
    }

    /// <summary>The alternatives, at least one.</summary>
    public IReadOnlyList<SimulcastRid> Alternatives { get; } = alternatives;
}

/// <summary>A RID in an <c>a=simulcast</c> list.</summary>
/// <param name="Id">The RID.</param>
/// <param name="Paused">Written with <c>~</c>: offered, but not sent for now.</param>
public sealed record SimulcastRid(string Id, bool Paused = false);
