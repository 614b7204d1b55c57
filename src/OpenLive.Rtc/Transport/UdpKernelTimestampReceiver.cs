using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// recvmsg(2) with the kernel's receive time of each datagram (SO_TIMESTAMPNS, socket(7)): when the datagram reached
/// the socket, not when the loop got to it. Transport-wide congestion control feedback reports arrival times, and a
/// sender's delay-based estimator reads their spacing: a loop thread that was descheduled, or compiling a method the
/// first time, makes the datagrams queued meanwhile look like network queuing — Chromium then judged its bandwidth
/// probes failed and ramped up at 8 %/s. The kernel's time is immune to that.
/// </summary>
/// <remarks>
/// <para>Linux only (64-bit layouts below); elsewhere, or when libc or the option is missing, <see cref="TryCreate"/>
/// gives null and the loop keeps its managed receive (arrival = when it is read).</para>
/// <para>One native block per loop thread holds the <c>msghdr</c>, its <c>iovec</c>, the source address and the control
/// buffer; the data lands in the loop's pinned receive buffer. Nothing is allocated per datagram.</para>
/// <code>
/// struct msghdr (LP64, 56 bytes)          struct cmsghdr (16 bytes) + data
///   0  void*     msg_name                    0  size_t cmsg_len
///   8  socklen_t msg_namelen (+4 pad)        8  int    cmsg_level   (SOL_SOCKET = 1)
///  16  iovec*    msg_iov                    12  int    cmsg_type    (SCM_TIMESTAMPNS = 35)
///  24  size_t    msg_iovlen                 16  struct timespec { int64 tv_sec; int64 tv_nsec; }
///  32  void*     msg_control
///  40  size_t    msg_controllen
///  48  int       msg_flags (+4 pad)
/// </code>
/// </remarks>
internal sealed class UdpKernelTimestampReceiver : IDisposable
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int MsgDontWait = 0x40;
    private const int MsgTrunc = 0x20;
    private const int EINTR = 4;
    private const int MessageHeaderBytes = 56;
    private const int IoVectorBytes = 16;
    private const int NameBytes = 128;
    private const int ControlBytes = 64;
    private const int NameOffset = MessageHeaderBytes + IoVectorBytes;
    private const int ControlOffset = NameOffset + NameBytes;

    private readonly IntPtr _block;
    private readonly int _bufferLength;

    private UdpKernelTimestampReceiver(IntPtr block, IntPtr buffer, int bufferLength)
    {
        _block = block;
        _bufferLength = bufferLength;
        var vector = _block + MessageHeaderBytes;
        Marshal.WriteIntPtr(vector, buffer);
        Marshal.WriteInt64(vector, 8, bufferLength);
        Marshal.WriteIntPtr(_block, 0, _block + NameOffset);
        Marshal.WriteIntPtr(_block, 16, vector);
        Marshal.WriteInt64(_block, 24, 1);
        Marshal.WriteIntPtr(_block, 32, _block + ControlOffset);
    }

    /// <summary>
    /// A receiver into <paramref name="pinnedBuffer"/> (allocated pinned: its address must not move) after turning on
    /// SO_TIMESTAMPNS for every socket; null where that is not possible (not 64-bit Linux, or the kernel refused).
    /// </summary>
    public static UdpKernelTimestampReceiver? TryCreate(IReadOnlyList<Socket> sockets, byte[] pinnedBuffer)
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            return null;
        }

        try
        {
            Span<byte> on = [1, 0, 0, 0];
            foreach (var socket in sockets)
            {
                socket.SetRawSocketOption(SolSocket, SoTimestampNs, on);
            }
        }
        catch (SocketException)
        {
            return null;
        }

        var block = Marshal.AllocHGlobal(ControlOffset + ControlBytes);
        return new UdpKernelTimestampReceiver(block, Marshal.UnsafeAddrOfPinnedArrayElement(pinnedBuffer, 0), pinnedBuffer.Length);
    }

    /// <summary>
    /// Receives one datagram if one is queued (never blocks): its length (0 when none, -1 on an error to stop the
    /// batch), its source written into <paramref name="source"/>, and the kernel's receive time in nanoseconds since
    /// the Unix epoch (0 when the kernel gave none). A datagram longer than the buffer is dropped (length 0, as
    /// nothing useful can be read of it) and the next is tried by the caller.
    /// </summary>
    public int Receive(SafeSocketHandle handle, SocketAddress source, out long kernelTimeNs)
    {
        kernelTimeNs = 0;
        nint received;
        while (true)
        {
            Marshal.WriteInt32(_block, 8, NameBytes);
            Marshal.WriteInt64(_block, 40, ControlBytes);
            Marshal.WriteInt32(_block, 48, 0);
            received = ReceiveMessage(handle, _block, MsgDontWait);
            if (received >= 0)
            {
                break;
            }

            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                return -1; // EAGAIN (nothing queued) or a pending ICMP error: the batch ends, as with the managed receive.
            }
        }

        if ((Marshal.ReadInt32(_block, 48) & MsgTrunc) != 0 || received > _bufferLength)
        {
            return 0;
        }

        var nameLength = Marshal.ReadInt32(_block, 8);
        var sourceBytes = source.Buffer.Span;
        if (nameLength <= 0 || nameLength > sourceBytes.Length)
        {
            return 0; // Not an address of the socket's family: nothing to answer.
        }

        Marshal.Copy(_block + NameOffset, _name, 0, nameLength);
        _name.AsSpan(0, nameLength).CopyTo(sourceBytes);
        source.Size = nameLength;
        kernelTimeNs = ReadTimestamp();
        return (int)received;
    }

    /// <summary>The source address's bytes on their way from native memory into the <see cref="SocketAddress"/>.</summary>
    private readonly byte[] _name = new byte[NameBytes];

    /// <summary>Walks the control messages for SCM_TIMESTAMPNS.</summary>
    private long ReadTimestamp()
    {
        var controlLength = Marshal.ReadInt64(_block, 40);
        var offset = 0L;
        while (offset + 16 <= controlLength)
        {
            var at = _block + ControlOffset + (nint)offset;
            var length = Marshal.ReadInt64(at);
            if (length < 16 || offset + length > controlLength)
            {
                return 0;
            }

            if (Marshal.ReadInt32(at, 8) == SolSocket && Marshal.ReadInt32(at, 12) == SoTimestampNs && length >= 32)
            {
                var seconds = Marshal.ReadInt64(at, 16);
                var nanoseconds = Marshal.ReadInt64(at, 24);
                return seconds * 1_000_000_000 + nanoseconds;
            }

            offset += (length + 7) & ~7L; // CMSG_ALIGN
        }

        return 0;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _freed, 1) == 0)
        {
            Marshal.FreeHGlobal(_block);
        }
    }

    private int _freed;

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which this assembly does not allow.
    // The message header is native memory (an IntPtr); the socket is a SafeHandle add-ref'd for the call.
#pragma warning disable SYSLIB1054, CA5392
    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint ReceiveMessage(SafeSocketHandle socket, IntPtr message, int flags);
#pragma warning restore SYSLIB1054, CA5392
}
