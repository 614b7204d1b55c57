namespace OpenLive.Egress.Mp4;

/// <summary>
/// The NAL units of an H.264 access unit in Annex B byte-stream form (ITU-T H.264 Annex B): each NAL unit follows a
/// three- or four-byte start code.
/// <code>
/// +-----------+-------------+-----------+-------------+-----------+---------
/// | 00 00 01  | NAL unit    | 00 00 00 01 | NAL unit  | 00 00 01  | ...
/// +-----------+-------------+-----------+-------------+-----------+---------
/// </code>
/// Bytes before the first start code are not a NAL unit and are skipped; trailing zero bytes of a NAL unit are the
/// leading zero of a four-byte start code or trailing_zero_8bits (B.1.1), never part of the NAL unit (whose RBSP ends
/// with a stop bit), so they are cut. Never throws; allocates nothing.
/// </summary>
internal ref struct AnnexBNalUnits
{
    private readonly ReadOnlySpan<byte> data;
    private int next;

    /// <summary>Enumerates the NAL units of <paramref name="accessUnit"/>.</summary>
    public AnnexBNalUnits(ReadOnlySpan<byte> accessUnit)
    {
        data = accessUnit;
        next = FindPayloadStart(accessUnit, 0);
        Current = default;
    }

    /// <summary>The current NAL unit, header byte first.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>This enumerator (for <c>foreach</c>).</summary>
    public readonly AnnexBNalUnits GetEnumerator() => this;

    /// <summary>Moves to the next non-empty NAL unit.</summary>
    public bool MoveNext()
    {
        while (next >= 0 && next < data.Length)
        {
            var start = next;
            var code = IndexOfStartCode(data, start);
            int end;
            if (code < 0)
            {
                end = data.Length;
                next = -1;
            }
            else
            {
                end = code;
                next = code + 3;
            }

            while (end > start && data[end - 1] == 0)
            {
                end--;
            }

            if (end > start)
            {
                Current = data[start..end];
                return true;
            }
        }

        return false;
    }

    /// <summary>The NAL unit type (the low five bits of the header byte), or -1 for an empty span.</summary>
    public static int TypeOf(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : nal[0] & 0x1F;

    private static int FindPayloadStart(ReadOnlySpan<byte> data, int from)
    {
        var code = IndexOfStartCode(data, from);
        return code < 0 ? -1 : code + 3;
    }

    /// <summary>Index of the next 00 00 01 at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOfStartCode(ReadOnlySpan<byte> data, int from)
    {
        var at = from;
        while (at + 2 < data.Length)
        {
            var one = data[(at + 2)..].IndexOf((byte)1);
            if (one < 0)
            {
                return -1;
            }

            var candidate = at + 2 + one - 2;
            if (data[candidate] == 0 && data[candidate + 1] == 0)
            {
                return candidate;
            }

            at = candidate + 1;
        }

        return -1;
    }
}
