using System.Runtime.InteropServices;

namespace OpenLive.Sfu.Net;

/// <summary>
/// Linux <c>sendmmsg(2)</c>: several datagrams, each with its own destination, in one system call. The BCL has no
/// wrapper for it. The structures below are the LP64 layouts (x86-64 and arm64 alike); nothing here is used on other
/// platforms or in 32-bit processes.
/// </summary>
/// <remarks>
/// <code>
/// struct iovec   { void *iov_base; size_t iov_len; }                                     16 bytes
/// struct msghdr  { void *msg_name; socklen_t msg_namelen; /* pad */ struct iovec *msg_iov;
///                  size_t msg_iovlen; void *msg_control; size_t msg_controllen;
///                  int msg_flags; /* pad */ }                                           56 bytes
/// struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; /* pad */ }              64 bytes
/// </code>
/// </remarks>
internal static class LinuxSendMultiple
{
    /// <summary>errno EINTR: interrupted before anything was sent; try again.</summary>
    public const int Interrupted = 4;

    /// <summary>True on 64-bit Linux when the C library the P/Invoke below binds to has <c>sendmmsg</c> (checked once).</summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>
    /// Sends <paramref name="count"/> messages from <paramref name="messages"/> (a pinned <see cref="MultipleMessageHeader"/>
    /// array element). Returns how many were sent; −1 when the first failed (errno in <see cref="Marshal.GetLastPInvokeError"/>).
    /// </summary>
    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Send(SafeHandle socket, nint messages, uint count, int flags);

    private static bool Probe() =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess
        && NativeLibrary.TryLoad("libc", typeof(LinuxSendMultiple).Assembly, DllImportSearchPath.SafeDirectories, out var libc)
        && NativeLibrary.TryGetExport(libc, "sendmmsg", out _);

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct IoVector
    {
        [FieldOffset(0)]
        public nint Base;

        [FieldOffset(8)]
        public nuint Length;
    }

    /// <summary>One <c>struct mmsghdr</c>: a single-buffer message to <see cref="Name"/>, no control data.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct MultipleMessageHeader
    {
        [FieldOffset(0)]
        public nint Name;

        [FieldOffset(8)]
        public uint NameLength;

        [FieldOffset(16)]
        public nint IoVectors;

        [FieldOffset(24)]
        public nuint IoVectorCount;

        [FieldOffset(32)]
        public nint Control;

        [FieldOffset(40)]
        public nuint ControlLength;

        [FieldOffset(48)]
        public int Flags;

        /// <summary>Bytes sent, written by the kernel.</summary>
        [FieldOffset(56)]
        public uint SentLength;
    }
}
