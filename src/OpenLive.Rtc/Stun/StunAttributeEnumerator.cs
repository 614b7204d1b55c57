using System.Buffers.Binary;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// Walks the attributes of a STUN message (RFC 8489 §14):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length is the value's own length; the value is padded to a multiple of 4 bytes and the padding is not
/// counted. The walk stops (never throws) at the first attribute that does not fit.
/// </summary>
internal ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> attributes;
    private int next;

    /// <summary>Walks <paramref name="attributes"/>: the bytes after the header.</summary>
    public StunAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        this.attributes = attributes;
        next = 0;
        Offset = -1;
        Type = 0;
        Value = default;
    }

    /// <summary>The current attribute's type.</summary>
    public StunAttributeType Type { get; private set; }

    /// <summary>The current attribute's value, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Offset of the current attribute's type field, from the start of the attributes.</summary>
    public int Offset { get; private set; }

    /// <summary>True when a whole attribute was stepped onto; false at the end or at a truncated attribute.</summary>
    public bool MoveNext()
    {
        var rest = attributes.Length - next;
        if (rest < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(attributes[(next + 2)..]);
        var padded = (length + 3) & ~3;
        if (padded > rest - 4)
        {
            return false;
        }

        Offset = next;
        Type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(attributes[next..]);
        Value = attributes.Slice(next + 4, length);
        next += 4 + padded;
        return true;
    }

    /// <summary>True when the walk consumed every byte (no truncated attribute at the end).</summary>
    public readonly bool AtEnd => next == attributes.Length;
}
