using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using P2PClinic.WebRtc.Dtls;

namespace P2PClinic.WebRtc;

/// <summary>
/// The self-signed ECDSA P-256 certificate a node presents in DTLS (RFC 8827 section 6.5). Its SHA-256 fingerprint
/// travels in the SDP and is the node's transport identity: generate it once per node and reuse it across connections.
/// </summary>
public sealed class RtcCertificate
{
    private RtcCertificate(byte[] der, byte[] pkcs8)
    {
        Der = der;
        Pkcs8PrivateKey = pkcs8;
        PrivateKey = PrivateKeyFactory.CreateKey(pkcs8);
        FingerprintValue = DtlsFingerprint.FromCertificate(der);
    }

    /// <summary>The SDP form of the certificate's fingerprint, e.g. <c>sha-256 AB:CD:...</c> (RFC 8122 section 5).</summary>
    public string Fingerprint => FingerprintValue.ToString();

    /// <summary>The DER encoding of the X.509 certificate.</summary>
    public ReadOnlyMemory<byte> DerEncoded => Der;

    internal byte[] Der { get; }

    internal byte[] Pkcs8PrivateKey { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    internal DtlsFingerprint FingerprintValue { get; }

    /// <summary>Creates a fresh key pair and a self-signed certificate valid for <paramref name="validity"/> (default one year).</summary>
    public static RtcCertificate Generate(TimeProvider? timeProvider = null, TimeSpan? validity = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // The subject carries no identity: peers authenticate the fingerprint, not the name (RFC 8827 section 6.5).
        var request = new CertificateRequest("CN=WebRTC", key, HashAlgorithmName.SHA256);
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var certificate = request.Create(new X500DistinguishedName("CN=WebRTC"), X509SignatureGenerator.CreateForECDsa(key), now.AddDays(-1), now + (validity ?? TimeSpan.FromDays(365)), serial);
        return new RtcCertificate(certificate.RawData, key.ExportPkcs8PrivateKey());
    }

    /// <summary>Exports the certificate and its private key as PEM, to persist the node's identity.</summary>
    public string ExportPem()
        => PemEncoding.WriteString("CERTIFICATE", Der) + "\n" + PemEncoding.WriteString("PRIVATE KEY", Pkcs8PrivateKey) + "\n";

    /// <summary>Imports what <see cref="ExportPem"/> wrote. Throws <see cref="CryptographicException"/> for anything else.</summary>
    public static RtcCertificate ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var certificate = X509Certificate2.CreateFromPem(pem, pem);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException("The PEM holds no ECDSA private key.");
        if (key.KeySize != 256)
        {
            throw new CryptographicException("WebRTC certificates here are ECDSA P-256.");
        }

        return new RtcCertificate(certificate.RawData, key.ExportPkcs8PrivateKey());
    }
}
