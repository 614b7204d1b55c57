using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace OpenLive.Rtc.Dtls;

/// <summary>The handshake thread: BouncyCastle's blocking Accept/Connect and what its outcome means.</summary>
public sealed partial class DtlsTransport
{
    private void RunHandshake()
    {
        BcDtlsTransport? established = null;
        Exception? failure = null;
        try
        {
            var crypto = new BcTlsCrypto();
            established = Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept(new DtlsServerPeer(crypto, _context), _link)
                : new DtlsClientProtocol().Connect(new DtlsClientPeer(crypto, _context), _link);
        }
#pragma warning disable CA1031 // BouncyCastle reports every failure (alerts, I/O, its own bugs) as an exception; each one ends this handshake and is reported through the task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        finally
        {
            _timeoutTimer?.Dispose();
            _cancellation.Dispose();
        }

        if (established is null)
        {
            FailHandshake(failure);
        }
        else
        {
            OnEstablished(established);
        }
    }

    private void OnEstablished(BcDtlsTransport established)
    {
        var result = _context.Result;
        DtlsFailureReason? abort;
        lock (_gate)
        {
            abort = _abortReason;
            if (abort is null && result is not null)
            {
                _established = established;
                _state = DtlsTransportState.Connected;
            }
            else
            {
                // Aborted (or broken) in the instant after BouncyCastle finished: tell the peer, then fail as asked.
                established.Close();
            }
        }

        if (abort is not null || result is null)
        {
            FailHandshake(null);
            return;
        }

        _completion.TrySetResult(result);

        // Datagrams that arrived while the handshake was finishing would otherwise wait for the next arrival.
        if (_link.Count > 0)
        {
            _pump.Schedule();
        }
    }

    private void FailHandshake(Exception? failure)
    {
        DtlsFailureReason? abort;
        lock (_gate)
        {
            abort = _abortReason;
            _state = DtlsTransportState.Failed;
        }

        _link.Close();
        if (abort == DtlsFailureReason.Aborted && _startToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(_startToken);
            return;
        }

        _completion.TrySetException(Describe(abort, failure));
    }

    /// <summary>Turns how the handshake ended into one reason: our own decision first, then what BouncyCastle saw.</summary>
    private DtlsHandshakeException Describe(DtlsFailureReason? abort, Exception? failure)
    {
        if (abort == DtlsFailureReason.Timeout)
        {
            return new(DtlsFailureReason.Timeout, null, $"The DTLS handshake did not complete within {_context.Options.HandshakeTimeout.TotalSeconds:0.###} s.", failure);
        }

        if (abort is not null)
        {
            return new(DtlsFailureReason.Aborted, null, "The DTLS transport was closed during the handshake.", failure);
        }

        var sentAlert = failure is TlsFatalAlert fatal ? (byte?)fatal.AlertDescription : null;
        if (_context.LocalFailure is { } local)
        {
            return new(local, sentAlert, failure?.Message ?? local.ToString(), failure);
        }

        return failure switch
        {
            TlsFatalAlertReceived received => new(
                DtlsFailureReason.AlertReceived,
                (byte)received.AlertDescription,
                $"The peer sent a fatal alert: {AlertDescription.GetText(received.AlertDescription)}.",
                failure),
            TlsFatalAlert => new(
                DtlsFailureReason.ProtocolError,
                sentAlert,
                $"The handshake failed with alert {AlertDescription.GetText(sentAlert ?? 0)}: {failure.Message}",
                failure),
            TlsTimeoutException => new(DtlsFailureReason.Timeout, null, "The DTLS handshake timed out.", failure),
            null => new(DtlsFailureReason.ProtocolError, null, "The DTLS handshake ended without keying material.", null),
            _ => new(DtlsFailureReason.ProtocolError, null, $"The DTLS handshake failed: {failure.Message}", failure),
        };
    }
}
