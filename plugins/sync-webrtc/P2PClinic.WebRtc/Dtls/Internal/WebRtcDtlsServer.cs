using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>The DTLS 1.2 server role (a=setup:passive): requires a client certificate and checks its fingerprint.</summary>
internal sealed class WebRtcDtlsServer(BcTlsCrypto crypto, RtcCertificate certificate, DtlsFingerprint expectedRemote, int handshakeTimeoutMillis)
    : DefaultTlsServer(crypto)
{
    public byte[]? RemoteCertificate { get; private set; }

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    /// <summary>RFC 6347 section 4.1.2.7: records that fail authentication are silently discarded, not fatal.</summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    /// <summary>WebRTC authenticates both ends (RFC 8827 section 6.5): ask for the client's certificate.</summary>
    public override CertificateRequest GetCertificateRequest()
        => new([ClientCertificateType.ecdsa_sign], new List<SignatureAndHashAlgorithm> { DtlsCredentials.EcdsaSha256 }, null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
        => RemoteCertificate = DtlsCredentials.CheckPeer(clientCertificate, expectedRemote);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCredentials.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
        => DtlsCredentials.Signer(m_context, (BcTlsCrypto)Crypto, certificate);
}
