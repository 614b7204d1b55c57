using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>
/// A UDP relay between two peers on loopback that can drop chosen packets. Peer A is told the relay's
/// <see cref="FacingA"/> address as B's candidate, and B the <see cref="FacingB"/> address as A's: everything then
/// goes through it (ICE sees the relay's addresses as peer-reflexive where needed). SRTP headers are in the clear,
/// so a drop rule can look at the RTP SSRC and sequence number.
/// </summary>
internal sealed class LossyRelay : IDisposable
{
    private readonly Socket _facingA = Bind();
    private readonly Socket _facingB = Bind();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _aToB;
    private readonly Task _bToA;
    private int _dropped;

    public LossyRelay(IPEndPoint a, IPEndPoint b)
    {
        _aToB = Task.Run(() => Pump(_facingA, _facingB, b, fromA: true));
        _bToA = Task.Run(() => Pump(_facingB, _facingA, a, fromA: false));
    }

    /// <summary>Decides per RTP packet from A (SSRC, sequence number) whether the network loses it.</summary>
    public Func<uint, ushort, bool> DropFromA { get; set; } = static (_, _) => false;

    public IPEndPoint FacingA => (IPEndPoint)_facingA.LocalEndPoint!;

    public IPEndPoint FacingB => (IPEndPoint)_facingB.LocalEndPoint!;

    public int Dropped => Volatile.Read(ref _dropped);

    public void Dispose()
    {
        _stop.Cancel();
        _facingA.Dispose();
        _facingB.Dispose();
        Task.WaitAll([_aToB, _bToA], TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    /// <summary>Replaces <paramref name="from"/>'s port in the candidate and m= lines of an SDP with the relay's.</summary>
    public static string Redirect(string sdp, IPEndPoint from, IPEndPoint to) =>
        sdp.Replace($" {from.Port} typ", $" {to.Port} typ", StringComparison.Ordinal)
           .Replace($" {from.Port} UDP/TLS", $" {to.Port} UDP/TLS", StringComparison.Ordinal);

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private async Task Pump(Socket from, Socket to, IPEndPoint destination, bool fromA)
    {
        var buffer = new byte[4096];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var packet = buffer.AsMemory(0, received.ReceivedBytes);
            if (fromA && IsRtp(packet.Span) && DropFromA(BinaryPrimitives.ReadUInt32BigEndian(packet.Span[8..]), BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..])))
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            try
            {
                await to.SendToAsync(packet, SocketFlags.None, destination, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    // RTP, not RTCP (RFC 5761 §4 / RFC 7983): first byte 128..191, second byte outside 192..223.
    private static bool IsRtp(ReadOnlySpan<byte> packet) => packet.Length >= 12 && packet[0] is >= 128 and <= 191 && packet[1] is < 192 or > 223;
}
