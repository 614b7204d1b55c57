using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// When the kernel queued the datagram a connection's receive thread read last: Linux <c>SIOCGSTAMPNS</c> on its
/// socket, asked from that thread right after the read. On loopback the stamp is taken as the sender's datagram enters
/// the receive path, so latency to it leaves out how long the receiving thread took to be scheduled — on a one-core
/// harness with hundreds of receive threads, most of the rest.
/// </summary>
/// <remarks>
/// <see cref="RtcClientConnection"/> does not expose its socket; the benchmark reaches it by reflection (two private
/// fields, once per connection: the connection's loop, the loop's socket array). If they move, <see cref="TryCreate"/> returns null and only the application-level
/// latency is reported.
/// </remarks>
internal sealed class SocketArrivalClock
{
    private const nuint GetStampNanoseconds = 0x8907; // SIOCGSTAMPNS, linux/sockios.h

    private readonly SafeHandle _socket;

    private SocketArrivalClock(SafeHandle socket) => _socket = socket;

    public static SocketArrivalClock? TryCreate(RtcClientConnection connection)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }

        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        // The client's UdpSocketLoop keeps its sockets in an array (one per bound address; the client binds one).
        var loop = typeof(RtcClientConnection).GetField("_socket", Private)?.GetValue(connection);
        var socket = (loop?.GetType().GetField("_sockets", Private)?.GetValue(loop) as Socket[])?.FirstOrDefault();
        return socket is null ? null : new SocketArrivalClock(socket.SafeHandle);
    }

    /// <summary>The arrival of the last datagram read, as <see cref="MediaProbe.Now"/> counts (Unix µs, low 32 bits); false when unknown.</summary>
    public bool TryGetLastArrival(out uint unixMicroseconds)
    {
        unixMicroseconds = 0;
        if (GetStamp(_socket, GetStampNanoseconds, out var stamp) != 0 || stamp.Seconds == 0)
        {
            return false; // ENOENT until a stamped datagram was read: the first call turns stamping on.
        }

        unixMicroseconds = unchecked((uint)((stamp.Seconds * 1_000_000) + (stamp.Nanoseconds / 1000)));
        return true;
    }

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetStamp(SafeHandle socket, nuint request, out TimeSpec stamp);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
