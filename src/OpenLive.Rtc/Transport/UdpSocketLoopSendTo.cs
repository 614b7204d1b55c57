using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// sendto(2) that reports a failure as an error code instead of an exception. <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>
/// throws a <see cref="SocketException"/> for every refused datagram (a full buffer, an unreachable network, an
/// oversized datagram): under overload that is an object, a stack trace and a catch per packet on the media thread.
/// .NET has no non-throwing SendTo, and its SocketAsyncEventArgs form serializes an <see cref="EndPoint"/> per send, so
/// on Linux the loop calls libc's sendto with the <see cref="SocketAddress"/>'s bytes (the native sockaddr layout on
/// every platform .NET runs on). Elsewhere, or if libc cannot be loaded, it falls back to the throwing managed call.
/// </summary>
internal static class UdpSocketLoopSendTo
{
    private const int EINTR = 4;

    private static volatile bool s_nativeUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Sends one datagram; false when the kernel refused it (or the socket is closed). Never throws.</summary>
    public static bool TrySend(Socket socket, SafeSocketHandle handle, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (!s_nativeUnavailable)
        {
            try
            {
                return SendNative(handle, datagram, destination);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeUnavailable = true;
            }
            catch (ObjectDisposedException)
            {
                return false; // Stopping: the handle is closed.
            }
        }

        try
        {
            socket.SendTo(datagram, SocketFlags.None, destination);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static bool SendNative(SafeSocketHandle handle, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        var address = destination.Buffer.Span[..destination.Size];
        while (true)
        {
            var sent = SendTo(handle, ref MemoryMarshal.GetReference(datagram), (nuint)datagram.Length, 0, ref MemoryMarshal.GetReference(address), (uint)address.Length);
            if (sent >= 0)
            {
                return true;
            }

            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                return false;
            }
        }
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which this assembly does not allow.
    // Every parameter is blittable or a SafeHandle (add-ref'd for the call): the call allocates nothing.
#pragma warning disable SYSLIB1054, CA5392
    [DllImport("libc", EntryPoint = "sendto", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint SendTo(SafeSocketHandle socket, ref byte buffer, nuint length, int flags, ref byte address, uint addressLength);
#pragma warning restore SYSLIB1054, CA5392
}
