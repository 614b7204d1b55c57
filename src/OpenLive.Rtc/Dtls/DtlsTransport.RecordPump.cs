using System.Buffers;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>After the handshake: feeding late DTLS records to BouncyCastle on the thread pool.</summary>
public sealed partial class DtlsTransport
{
    /// <summary>
    /// How long one BouncyCastle receive may wait once the queue is empty. BouncyCastle's receive only returns on
    /// application data or timeout, so it must be short; the pump runs again when the next datagram arrives.
    /// </summary>
    private const int PumpWaitMillis = 1;

    /// <summary>
    /// Feeds queued datagrams to BouncyCastle's record layer: a repeated final flight from the peer makes the server
    /// resend its own (RFC 6347 §4.2.4), close_notify or a fatal alert ends the association. Application data is
    /// dropped (no data channels yet).
    /// </summary>
    private void DrainReceived()
    {
        DtlsCloseReason? closed = null;
        byte? alert = null;
        var buffer = ArrayPool<byte>.Shared.Rent(DatagramLink.MaxDatagramLength);
        try
        {
            lock (_gate)
            {
                if (_state != DtlsTransportState.Connected || _established is not { } established)
                {
                    return;
                }

                try
                {
                    while (_link.Count > 0 && !_link.IsClosed)
                    {
                        established.Receive(buffer, 0, buffer.Length, PumpWaitMillis);
                    }
                }
                catch (TlsFatalAlertReceived e)
                {
                    closed = DtlsCloseReason.PeerFatalAlert;
                    alert = (byte)e.AlertDescription;
                }
#pragma warning disable CA1031 // After close_notify BouncyCastle's next read fails on the closed link; any other failure also ends the association.
                catch (Exception)
#pragma warning restore CA1031
                {
                    closed = DtlsCloseReason.Error;
                }

                if (_context.CloseNotifyReceived)
                {
                    closed = DtlsCloseReason.PeerCloseNotify;
                }
                else if (closed is null && _link.IsClosed)
                {
                    closed = DtlsCloseReason.Error;
                }

                if (closed is not null)
                {
                    _state = DtlsTransportState.Closed;
                    _established = null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (closed is { } reason)
        {
            _link.Close();
            RaiseClosed(reason, alert);
        }
    }

    /// <summary>Runs <see cref="DrainReceived"/> on the thread pool, at most one at a time, without allocating per run.</summary>
    private sealed class RecordPump(DtlsTransport owner) : IThreadPoolWorkItem
    {
        private int _scheduled;

        public void Schedule()
        {
            if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        public void Execute()
        {
            while (true)
            {
                owner.DrainReceived();
                Volatile.Write(ref _scheduled, 0);

                // A datagram that arrived between the drain and clearing the flag found the pump "scheduled": take it now.
                if (owner._link.Count == 0 || owner._state != DtlsTransportState.Connected || Interlocked.Exchange(ref _scheduled, 1) != 0)
                {
                    return;
                }
            }
        }
    }
}
