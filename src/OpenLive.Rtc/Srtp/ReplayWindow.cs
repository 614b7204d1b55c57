using System.Runtime.CompilerServices;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The replay list of one SRTP or SRTCP stream as a sliding bitmap (RFC 3711 §3.3.2, after RFC 2401): indices ahead
/// of the highest seen are new, indices within <see cref="Size"/> behind it are checked against the bitmap, older
/// ones count as replayed. The bitmap is a ring indexed by <c>index mod Size</c>, so sliding forward only clears
/// the bits it passes over.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Size"/> is 1,024 (the RFC's floor is 64), the window browsers configure libsrtp with: a video key frame
/// is a burst of a hundred or more packets, and when RTX is not negotiated a NACKed packet is resent under its own
/// sequence number and arrives several hundred packets late. A 64-packet window would drop those repairs as
/// replays. The cost is 128 bytes per stream.
/// </para>
/// <para>
/// Indices are compared modulo 2^48 (the SRTP index space), so a late packet from before a stream's first ROC
/// (guessed ROC 0 - 1 = 2^32 - 1) lands just behind the window's start rather than far ahead of it.
/// </para>
/// </remarks>
internal struct ReplayWindow
{
    /// <summary>Packets tracked behind the highest index.</summary>
    public const int Size = 1024;

    private const int WordBits = 64;
    private const ulong IndexMask = (1UL << 48) - 1;
    private const ulong HalfIndexSpace = 1UL << 47;

    private Bitmap _bits;
    private ulong _highest;
    private bool _started;

    /// <summary>True if <paramref name="index"/> was already accepted or is too far behind the window to tell.</summary>
    public readonly bool IsReplayed(ulong index)
    {
        if (!_started)
        {
            return false;
        }

        var behind = (_highest - index) & IndexMask;
        if (behind >= HalfIndexSpace)
        {
            return false;
        }

        return behind >= Size || IsSet(index);
    }

    /// <summary>Records <paramref name="index"/> as received; call only after the packet authenticated.</summary>
    public void Accept(ulong index)
    {
        index &= IndexMask;
        if (!_started)
        {
            _started = true;
            _highest = index;
        }
        else
        {
            var ahead = (index - _highest) & IndexMask;
            if (ahead is > 0 and < HalfIndexSpace)
            {
                if (ahead >= Size)
                {
                    _bits = default;
                }
                else
                {
                    ClearRange(_highest + 1, (int)ahead);
                }

                _highest = index;
            }
        }

        var position = (int)(index % Size);
        _bits[position / WordBits] |= 1UL << (position % WordBits);
    }

    private readonly bool IsSet(ulong index)
    {
        var position = (int)(index % Size);
        return (_bits[position / WordBits] & (1UL << (position % WordBits))) != 0;
    }

    /// <summary>Clears the ring bits of indices [from, from + count), count &lt; Size.</summary>
    private void ClearRange(ulong from, int count)
    {
        var position = (int)(from % Size);
        while (count > 0)
        {
            var bit = position % WordBits;
            var run = Math.Min(WordBits - bit, count);
            var mask = run == WordBits ? ulong.MaxValue : ((1UL << run) - 1) << bit;
            _bits[position / WordBits] &= ~mask;
            count -= run;
            position = (position + run) % Size;
        }
    }

    [InlineArray(Size / WordBits)]
    private struct Bitmap
    {
        private ulong _word;
    }
}
