using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace P2PClinic.WebRtc.Dtls.Internal;

/// <summary>What both DTLS roles share: the suites WebRTC stacks use, our signing credentials, and the fingerprint check.</summary>
internal static class DtlsCredentials
{
    /// <summary>
    /// ECDHE-ECDSA AEAD suites: what libwebrtc/BoringSSL negotiate with an ECDSA certificate (RFC 8827 section 6.5
    /// requires ECDSA P-256 support and forward secrecy).
    /// </summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public static readonly SignatureAndHashAlgorithm EcdsaSha256 = SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    public static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, RtcCertificate certificate)
    {
        var chain = new Certificate([new BcTlsCertificate(crypto, certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey, chain, EcdsaSha256);
    }

    /// <summary>Accepts the peer only when its end-entity certificate hashes to the SDP fingerprint (RFC 8842 section 5.1).</summary>
    public static byte[] CheckPeer(Certificate? peerCertificate, DtlsFingerprint expected)
    {
        if (peerCertificate is null || peerCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }

        var der = peerCertificate.GetCertificateAt(0).GetEncoded();
        if (!expected.Matches(der))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        return der;
    }
}
