namespace OpenLive.Rtc.Transport;

/// <summary>How a <see cref="UdpSocketLoop"/> sizes its buffers and how long it may sleep.</summary>
public sealed record UdpSocketLoopOptions
{
    /// <summary>The thread's name, as debuggers and dumps show it.</summary>
    public string ThreadName { get; init; } = "openlive-udp";

    /// <summary>
    /// Kernel send and receive buffer sizes (SO_SNDBUF / SO_RCVBUF). Several MB absorb the bursts of a keyframe fanned
    /// out to many subscribers, or a GC pause on the receiving side.
    /// </summary>
    public int SocketBufferBytes { get; init; } = 4 << 20;

    /// <summary>Largest datagram received. WebRTC peers keep under about 1200 bytes; a longer one is dropped whole (it cannot be read).</summary>
    public int ReceiveBufferBytes { get; init; } = 2048;

    /// <summary>
    /// Longest the thread sleeps in poll when no datagram arrives and no tick is due: it bounds how late a posted action
    /// runs. A server that posts control changes wants a few ms; a client that posts nothing can sleep longer.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Datagrams received in one go before ticks and posted actions get a turn, so a flood cannot starve them.</summary>
    public int MaxBatch { get; init; } = 256;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ThreadName);
        ArgumentOutOfRangeException.ThrowIfLessThan(SocketBufferBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferBytes, 64);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1);
    }
}
