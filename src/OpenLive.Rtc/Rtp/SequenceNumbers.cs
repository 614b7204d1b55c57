namespace OpenLive.Rtc.Rtp;

/// <summary>Serial-number arithmetic on 16-bit RTP sequence numbers (RFC 3550 appendix A.1 style: half the space ahead is newer).</summary>
public static class SequenceNumbers
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in −32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>Whether <paramref name="candidate"/> comes after <paramref name="reference"/>.</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Distance(reference, candidate) > 0;
}

/// <summary>
/// Extends 16-bit sequence numbers to a monotone 64-bit count, so wrap-around (65535 → 0) and reordering
/// near it need no special cases downstream. Each value is placed within ±32767 of the last one unwrapped.
/// </summary>
public struct SequenceUnwrapper
{
    // Starting far above zero keeps extended values positive however far a stream steps backwards.
    private const long Origin = 1L << 32;

    private long _last;
    private bool _started;

    /// <summary>Whether any value has been unwrapped.</summary>
    public readonly bool Started => _started;

    /// <summary>The extended value of the last number unwrapped.</summary>
    public readonly long Last => _last;

    /// <summary>The extended value of <paramref name="sequenceNumber"/>, which becomes the new reference.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        _last = Peek(sequenceNumber);
        _started = true;
        return _last;
    }

    /// <summary>The extended value <paramref name="sequenceNumber"/> would get, without moving the reference.</summary>
    public readonly long Peek(ushort sequenceNumber) =>
        _started ? _last + SequenceNumbers.Distance((ushort)_last, sequenceNumber) : Origin + sequenceNumber;
}
