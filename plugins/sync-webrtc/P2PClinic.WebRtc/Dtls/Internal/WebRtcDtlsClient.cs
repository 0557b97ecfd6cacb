using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>The DTLS 1.2 client role (a=setup:active): presents our certificate and checks the server's fingerprint.</summary>
internal sealed class WebRtcDtlsClient(BcTlsCrypto crypto, RtcCertificate certificate, DtlsFingerprint expectedRemote, int handshakeTimeoutMillis)
    : DefaultTlsClient(crypto)
{
    public byte[]? RemoteCertificate { get; private set; }

    private RtcCertificate Certificate { get; } = certificate;

    private DtlsFingerprint ExpectedRemote { get; } = expectedRemote;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    /// <summary>RFC 6347 section 4.1.2.7: records that fail authentication are silently discarded, not fatal.</summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCredentials.CipherSuites;

    private sealed class Authentication(WebRtcDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            => client.RemoteCertificate = DtlsCredentials.CheckPeer(serverCertificate.Certificate, client.ExpectedRemote);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
            => DtlsCredentials.Signer(client.m_context, (BcTlsCrypto)client.Crypto, client.Certificate);
    }
}
