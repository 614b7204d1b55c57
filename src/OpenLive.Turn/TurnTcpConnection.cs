using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// One TURN client over TCP (RFC 8656 §3.1): a stream of STUN messages and ChannelData messages (padded to 4 bytes,
/// §12.5), each framed by its own length field. Bounded: one fixed receive buffer of <see cref="MaxFrame"/> bytes (a
/// longer frame closes the connection), a deadline by which the connection must hold an allocation, and outgoing messages go straight to
/// the kernel's send buffer — a client that does not read is closed rather than queued for. A byte that starts neither
/// STUN nor ChannelData closes the connection: the framing is lost.
/// </summary>
internal sealed class TurnTcpConnection : ClientLink, IDisposable
{
    /// <summary>Largest frame accepted or sent: media packets and TURN requests are far below it.</summary>
    public const int MaxFrame = 4096;

    /// <summary>Kernel send buffer: the bound on what waits for a slow client.</summary>
    public const int SendBufferBytes = 256 * 1024;

    private readonly Socket socket;
    private readonly Lock sendGate = new();
    private readonly IPEndPoint remote;
    private int closed;

    public TurnTcpConnection(Socket socket)
    {
        this.socket = socket;
        remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.NoDelay = true;
        socket.SendBufferSize = SendBufferBytes;
        socket.Blocking = false;
    }

    public override IPEndPoint RemoteEndPoint => remote;

    public override bool IsStream => true;

    /// <summary>The connection's allocation (at most one per 5-tuple); guarded by the server's lock.</summary>
    public Allocation? Allocation { get; set; }

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    /// <summary>
    /// Reads frames until the peer closes, a frame is bad or too long, no allocation exists when
    /// <paramref name="deadline"/> fires (started at accept; owned and disposed here) or <paramref name="stopping"/>
    /// fires; hands each whole frame to <paramref name="onFrame"/> (false closes).
    /// </summary>
    public async Task RunAsync(FrameHandler onFrame, CancellationTokenSource deadline, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        using var ownedDeadline = deadline;
        var buffer = new byte[MaxFrame];
        var response = new byte[MaxFrame];
        var filled = 0;
        using var beforeAllocation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var deadlineLink = deadline.Token.Register(static s => ((CancellationTokenSource)s!).Cancel(), beforeAllocation);
        var allocated = false;
        try
        {
            while (!IsClosed)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, allocated ? stopping : beforeAllocation.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = 0;
                while (true)
                {
                    var length = FrameLength(buffer.AsSpan(consumed, filled - consumed));
                    if (length < 0)
                    {
                        return; // garbage or too long
                    }

                    if (length == 0 || consumed + length > filled)
                    {
                        break;
                    }

                    if (!onFrame(this, buffer.AsSpan(consumed, length), response))
                    {
                        return;
                    }

                    // Once allocated, the deadline no longer applies (a read already waiting keeps its token: the
                    // next one, after this batch, does not).
                    allocated |= Allocation is not null;
                    consumed += length;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping, or no allocation by the deadline.
        }
        catch (SocketException)
        {
            // Reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Closed by a send that could not be taken.
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>
    /// The length of the frame at the start of <paramref name="bytes"/>: 0 when more bytes are needed to know, -1 when
    /// the bytes are neither STUN nor ChannelData or the frame is longer than <see cref="MaxFrame"/>. Never throws.
    /// </summary>
    public static int FrameLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        int frame;
        if ((bytes[0] & 0xC0) == 0)
        {
            frame = StunHeader.Length + length;
            if ((length & 3) != 0)
            {
                return -1;
            }
        }
        else if (ChannelData.IsChannelData(bytes[0]))
        {
            frame = ChannelData.StreamLength(length);
        }
        else
        {
            return -1;
        }

        return frame > MaxFrame ? -1 : frame;
    }

    public override void Send(ReadOnlySpan<byte> message)
    {
        lock (sendGate)
        {
            if (IsClosed)
            {
                return;
            }

            try
            {
                var sent = socket.Send(message, SocketFlags.None, out var error);
                if (error == SocketError.Success && sent == message.Length)
                {
                    return;
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }

        // The kernel buffer is full (or the socket failed): a partial frame cannot be taken back, so the connection goes.
        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            socket.Dispose();
        }
    }
}

