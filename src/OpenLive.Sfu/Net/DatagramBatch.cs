using System.Net;
using System.Runtime.InteropServices;
using static OpenLive.Sfu.Net.LinuxSendMultiple;

namespace OpenLive.Sfu.Net;

/// <summary>
/// Datagrams the media thread sends while it handles one received datagram — a publisher packet's copies for every
/// subscriber — queued and handed to the kernel together with <c>sendmmsg(2)</c>: one system call (and one trip
/// through the runtime's socket layer) per <see cref="Capacity"/> datagrams instead of one each. Every buffer is
/// pinned and wired up once, so adding and flushing allocate nothing. One thread only.
/// </summary>
internal sealed class DatagramBatch
{
    public const int Capacity = 64;

    /// <summary>Largest datagram queued (the SFU sends at most ~1,570 bytes); larger ones go out on their own.</summary>
    public const int MaxDatagramLength = 2048;

    /// <summary>Room per destination: a sockaddr_in6 is 28 bytes.</summary>
    private const int MaxAddressLength = 32;

    private readonly byte[] _data = GC.AllocateArray<byte>(Capacity * MaxDatagramLength, pinned: true);
    private readonly byte[] _addresses = GC.AllocateArray<byte>(Capacity * MaxAddressLength, pinned: true);
    private readonly IoVector[] _vectors = GC.AllocateArray<IoVector>(Capacity, pinned: true);
    private readonly MultipleMessageHeader[] _headers = GC.AllocateArray<MultipleMessageHeader>(Capacity, pinned: true);
    private int _count;

    public DatagramBatch()
    {
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Base = Marshal.UnsafeAddrOfPinnedArrayElement(_data, i * MaxDatagramLength);
            _headers[i].Name = Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, i * MaxAddressLength);
            _headers[i].IoVectors = Marshal.UnsafeAddrOfPinnedArrayElement(_vectors, i);
            _headers[i].IoVectorCount = 1;
        }
    }

    public int Count => _count;

    public bool IsFull => _count == Capacity;

    /// <summary>Queues a copy of <paramref name="datagram"/> for <paramref name="to"/>; false (nothing queued) when it does not fit a slot or the batch is full.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (_count == Capacity || datagram.Length > MaxDatagramLength || to.Size > MaxAddressLength)
        {
            return false;
        }

        var i = _count++;
        datagram.CopyTo(_data.AsSpan(i * MaxDatagramLength));
        to.Buffer.Span[..to.Size].CopyTo(_addresses.AsSpan(i * MaxAddressLength));
        _vectors[i].Length = (nuint)datagram.Length;
        _headers[i].NameLength = (uint)to.Size;
        return true;
    }

    /// <summary>
    /// Sends everything queued and empties the batch. A datagram the kernel refuses (buffer full, unreachable) is
    /// dropped, as one <c>sendto</c> would drop it, and the rest still go. Returns how many were dropped.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public int Flush(SafeHandle socket)
    {
        var dropped = 0;
        var next = 0;
        while (next < _count)
        {
            var sent = Send(socket, Marshal.UnsafeAddrOfPinnedArrayElement(_headers, next), (uint)(_count - next), 0);
            if (sent > 0)
            {
                next += sent;
            }
            else if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                next++; // sendmmsg stops at the first failure: skip that datagram, send the ones after it.
                dropped++;
            }
        }

        _count = 0;
        return dropped;
    }
}
