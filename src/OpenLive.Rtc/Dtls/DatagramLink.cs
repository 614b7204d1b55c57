using System.Buffers;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// The in-memory <see cref="DatagramTransport"/> BouncyCastle's DTLS runs over. Inbound datagrams are copied into a
/// bounded queue by <see cref="TryEnqueue"/> (never blocks; full means drop) and handed to BouncyCastle's blocking
/// <see cref="Receive(Span{byte}, int)"/>; outbound ones go straight to the owner's <see cref="IDtlsDatagramSender"/>.
/// <see cref="Close"/> (called by us to abort, or by BouncyCastle when the association ends) wakes a blocked
/// receiver, which then throws, because that is how BouncyCastle expects a closed socket to behave.
/// Thread-safe: any thread enqueues while one thread at a time (handshake thread, then the record pump) receives.
/// </summary>
internal sealed class DatagramLink : DatagramTransport
{
    /// <summary>Largest datagram accepted: above any MTU a WebRTC peer uses for DTLS, far below a record's 16 KiB limit.</summary>
    public const int MaxDatagramLength = 2048;

    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue;
    private readonly int _capacity;
    private readonly int _mtu;
    private readonly IDtlsDatagramSender _sender;
    private volatile bool _closed;
    private volatile int _minimumProtectedLength = DtlsSecurityPolicy.MinimumProtectedFragmentLength;
    private long _dropped;

    public DatagramLink(IDtlsDatagramSender sender, int mtu, int capacity)
    {
        _sender = sender;
        _mtu = mtu;
        _capacity = capacity;
        _queue = new Queue<(byte[], int)>(capacity);
    }

    /// <summary>Datagrams waiting to be received.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True once closed: nothing more is received or sent.</summary>
    public bool IsClosed => _closed;

    /// <summary>Inbound datagrams dropped because the queue was full or they were too large, and outbound ones the sender refused.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Shortest protected record handed to BouncyCastle; raised to the negotiated suite's overhead once it is chosen
    /// (see <see cref="DtlsRecordHeader.IsWellFormedDatagram"/>). Set from the handshake thread, read by the receiver.
    /// </summary>
    public int MinimumProtectedLength
    {
        get => _minimumProtectedLength;
        set => _minimumProtectedLength = value;
    }

    /// <summary>Copies a datagram into the queue; false (and counted as dropped) when closed, full or oversized.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxDatagramLength)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        lock (_gate)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            Monitor.Pulse(_gate);
            return true;
        }
    }

    public int GetReceiveLimit() => MaxDatagramLength;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 = forever, like a socket timeout) for a well-formed datagram
    /// (malformed ones are dropped here, see <see cref="DtlsRecordHeader.IsWellFormedDatagram"/>). Returns its full
    /// length (BouncyCastle discards one longer than the buffer), or -1 on timeout.
    /// </summary>
    /// <exception cref="IOException">The link is closed.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
        while (true)
        {
            if (!TryDequeue(deadline, out var datagram, out var length))
            {
                return -1;
            }

            var received = datagram.AsSpan(0, length);
            var wellFormed = DtlsRecordHeader.IsWellFormedDatagram(received, _minimumProtectedLength);
            if (wellFormed)
            {
                received[..Math.Min(length, buffer.Length)].CopyTo(buffer);
            }

            ArrayPool<byte>.Shared.Return(datagram);
            if (wellFormed)
            {
                return length;
            }

            Interlocked.Increment(ref _dropped);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    private bool TryDequeue(long deadline, out byte[] datagram, out int length)
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_closed)
            {
                var remaining = deadline == long.MaxValue ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);
                if ((remaining == 0 || !Monitor.Wait(_gate, remaining)) && _queue.Count == 0 && !_closed)
                {
                    datagram = [];
                    length = 0;
                    return false;
                }
            }

            if (_closed)
            {
                throw new IOException("DTLS transport closed.");
            }

            (datagram, length) = _queue.Dequeue();
            return true;
        }
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            _sender.Send(buffer);
        }
#pragma warning disable CA1031 // A failing sender is a lost datagram, as with UDP; DTLS retransmits, so the handshake must not die of it.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Stops the link: wakes and fails a blocked receiver, drops queued datagrams, silences sends. Idempotent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out var entry))
            {
                ArrayPool<byte>.Shared.Return(entry.Buffer);
            }

            Monitor.PulseAll(_gate);
        }
    }
}
