namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The SSRCs one session keeps state for, bounded so a peer cannot make it grow: a fixed array scanned linearly
/// (at most a few dozen entries, faster than hashing), remembering the last hit because packets of one SSRC come
/// in runs. Entries are never removed: forgetting an SSRC would forget its replay list.
/// </summary>
internal sealed class SrtpStreamTable
{
    private readonly uint[] _ssrcs;
    private readonly SrtpStream[] _streams;
    private int _count;
    private int _lastHit;

    public SrtpStreamTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ssrcs = new uint[capacity];
        _streams = new SrtpStream[capacity];
    }

    /// <summary>How many SSRCs are tracked.</summary>
    public int Count => _count;

    /// <summary>True when no further SSRC can be added.</summary>
    public bool IsFull => _count == _streams.Length;

    /// <summary>The state of <paramref name="ssrc"/>, or null if it has none yet.</summary>
    public SrtpStream? Find(uint ssrc)
    {
        if (_count > 0 && _ssrcs[_lastHit] == ssrc)
        {
            return _streams[_lastHit];
        }

        var ssrcs = _ssrcs.AsSpan(0, _count);
        var at = ssrcs.IndexOf(ssrc);
        if (at < 0)
        {
            return null;
        }

        _lastHit = at;
        return _streams[at];
    }

    /// <summary>Resets every stream's receive state (see <see cref="SrtpStream.ForgetReceived"/>).</summary>
    public void ForgetReceived()
    {
        foreach (var stream in _streams.AsSpan(0, _count))
        {
            stream.ForgetReceived();
        }
    }

    /// <summary>Adds state for a new SSRC; the caller has checked <see cref="IsFull"/> and <see cref="Find"/>.</summary>
    public SrtpStream Add(uint ssrc)
    {
        System.Diagnostics.Debug.Assert(!IsFull && Find(ssrc) is null, "add only new SSRCs to a table with room");
        var stream = new SrtpStream(ssrc);
        _ssrcs[_count] = ssrc;
        _streams[_count] = stream;
        _lastHit = _count;
        _count++;
        return stream;
    }
}
