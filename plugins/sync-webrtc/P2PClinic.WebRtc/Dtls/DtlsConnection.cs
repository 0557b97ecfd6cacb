using Org.BouncyCastle.Tls;
using P2PClinic.WebRtc.Dtls.Internal;

namespace P2PClinic.WebRtc.Dtls;

/// <summary>
/// An established DTLS 1.2 association (RFC 6347) over a datagram transport, after the peer's certificate matched the
/// fingerprint from its SDP. BouncyCastle's handshake and receive calls block, so they run on dedicated threads.
/// </summary>
internal sealed class DtlsConnection : IDisposable
{
    private readonly DtlsTransport transport;
    private readonly DtlsRecordFilter filter;
    private readonly Lock sendGate = new();
    private bool receivedData;
    private int closed;

    private DtlsConnection(DtlsTransport transport, DtlsRecordFilter filter, bool isClient, DtlsFingerprint local, DtlsFingerprint remote)
    {
        this.transport = transport;
        this.filter = filter;
        IsClient = isClient;
        LocalFingerprint = local;
        RemoteFingerprint = remote;
    }

    public bool IsClient { get; }

    public DtlsFingerprint LocalFingerprint { get; }

    /// <summary>The fingerprint of the certificate the peer actually presented (equal to the SDP one, or the handshake failed).</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>The most application data one <see cref="Send"/> may carry.</summary>
    public int SendLimit => transport.GetSendLimit();

    /// <summary>Runs the handshake as client (a=setup:active) or server (a=setup:passive).</summary>
    /// <exception cref="RtcConnectionException">The handshake failed or the peer's certificate does not match <paramref name="expectedRemote"/>.</exception>
    public static async Task<DtlsConnection> HandshakeAsync(DatagramTransport datagrams, bool asClient, RtcCertificate certificate, DtlsFingerprint expectedRemote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var crypto = new WebRtcTlsCrypto();
        var timeoutMillis = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        using var cancel = cancellationToken.Register(datagrams.Close);
        var filter = new DtlsRecordFilter(datagrams);
        var handshake = Task.Factory.StartNew(
            () =>
            {
                if (asClient)
                {
                    var client = new WebRtcDtlsClient(crypto, certificate, expectedRemote, timeoutMillis);
                    var dtls = new DtlsClientProtocol().Connect(client, filter);
                    return (dtls, client.RemoteCertificate);
                }

                var server = new WebRtcDtlsServer(crypto, certificate, expectedRemote, timeoutMillis);
                var accepted = new DtlsServerProtocol().Accept(server, filter);
                return (accepted, server.RemoteCertificate);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            var (dtls, remoteDer) = await handshake.ConfigureAwait(false);
            if (remoteDer is null)
            {
                dtls.Close();
                throw new RtcConnectionException("The DTLS peer presented no certificate.");
            }

            return new DtlsConnection(dtls, filter, asClient, certificate.FingerprintValue, DtlsFingerprint.FromCertificate(remoteDer));
        }
        catch (TlsFatalAlert alert) when (alert.AlertDescription == AlertDescription.bad_certificate)
        {
            throw new RtcConnectionException("The peer's DTLS certificate does not match the fingerprint in its session description.", alert);
        }
        catch (TlsFatalAlert alert) when (alert.AlertDescription == AlertDescription.certificate_required)
        {
            throw new RtcConnectionException("The DTLS peer presented no certificate.", alert);
        }
        catch (IOException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new RtcConnectionException("The DTLS handshake failed: " + e.Message, e);
        }
    }

    /// <summary>Sends one record of application data. Thread-safe.</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        if (Volatile.Read(ref closed) != 0)
        {
            throw new IOException("The DTLS connection is closed.");
        }

        lock (sendGate)
        {
            transport.Send(data);
        }
    }

    /// <summary>Receives one record of application data: its length, -1 on timeout. Call from one thread only.</summary>
    /// <exception cref="IOException">The connection was closed by either side.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var length = transport.Receive(buffer, waitMillis);
        if (length >= 0 && !receivedData)
        {
            receivedData = true;
            filter.PeerFinishedHandshake();
        }

        return length;
    }

    /// <summary>Sends close_notify (RFC 5246 section 7.2.1) and releases the connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        try
        {
            lock (sendGate)
            {
                transport.Close();
            }
        }
        catch (IOException)
        {
            // the transport below is gone already
        }
    }
}
